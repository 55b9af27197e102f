namespace Palisade.Mqtt.Packets;

/// <summary>
/// The four acknowledgement packets of the QoS 1 and 2 flows share one shape (packet id, reason code,
/// optional reason string and user properties), so one class carries them; <see cref="Type"/> says which.
/// </summary>
public sealed class PubAckPacket : MqttPacket
{
    public PubAckPacket(MqttPacketType type, ushort packetId, ReasonCode reasonCode = ReasonCode.Success)
    {
        if (type is not (MqttPacketType.PubAck or MqttPacketType.PubRec or MqttPacketType.PubRel or MqttPacketType.PubComp))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Not a publish acknowledgement type.");
        }

        Type = type;
        PacketId = packetId;
        ReasonCode = reasonCode;
    }

    public override MqttPacketType Type { get; }
    public ushort PacketId { get; set; }
    public ReasonCode ReasonCode { get; set; }
    public string? ReasonString { get; set; }
    public IReadOnlyList<UserProperty> UserProperties { get; set; } = [];
}
