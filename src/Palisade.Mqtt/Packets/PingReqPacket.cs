namespace Palisade.Mqtt.Packets;

/// <summary>PINGREQ. Stateless, so one shared instance.</summary>
public sealed class PingReqPacket : MqttPacket
{
    public static readonly PingReqPacket Instance = new();
    public override MqttPacketType Type => MqttPacketType.PingReq;
}
