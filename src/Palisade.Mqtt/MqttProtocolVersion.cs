namespace Palisade.Mqtt;

/// <summary>The protocol level byte of CONNECT. Only 3.1.1 and 5.0 are accepted.</summary>
public enum MqttProtocolVersion : byte
{
    /// <summary>MQTT 3.1.1 (protocol level 4).</summary>
    V311 = 4,

    /// <summary>MQTT 5.0 (protocol level 5).</summary>
    V500 = 5,
}
