namespace Palisade.Mqtt.Packets;

/// <summary>SUBACK (server to client): one reason code per filter, in order. 3.1.1 maps failures to 0x80.</summary>
public sealed class SubAckPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.SubAck;

    public ushort PacketId { get; set; }
    public IReadOnlyList<ReasonCode> ReasonCodes { get; set; } = [];
    public string? ReasonString { get; set; }
    public IReadOnlyList<UserProperty> UserProperties { get; set; } = [];
}
