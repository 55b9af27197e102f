namespace Palisade.Mqtt.Packets;

/// <summary>PINGRESP. Stateless, so one shared instance.</summary>
public sealed class PingRespPacket : MqttPacket
{
    public static readonly PingRespPacket Instance = new();
    public override MqttPacketType Type => MqttPacketType.PingResp;
}
