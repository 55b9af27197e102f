namespace Palisade.Mqtt.Packets;

/// <summary>
/// A decoded MQTT control packet. One class per packet type; MQTT 5.0 properties are carried as plain
/// members (null or empty when absent, and always absent in 3.1.1).
/// </summary>
public abstract class MqttPacket
{
    /// <summary>The control packet type.</summary>
    public abstract MqttPacketType Type { get; }
}
