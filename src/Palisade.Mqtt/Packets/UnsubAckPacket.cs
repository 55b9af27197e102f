namespace Palisade.Mqtt.Packets;

/// <summary>UNSUBACK (server to client). 3.1.1 has no payload: reason codes are not written.</summary>
public sealed class UnsubAckPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.UnsubAck;

    public ushort PacketId { get; set; }
    public IReadOnlyList<ReasonCode> ReasonCodes { get; set; } = [];
    public string? ReasonString { get; set; }
    public IReadOnlyList<UserProperty> UserProperties { get; set; } = [];
}
