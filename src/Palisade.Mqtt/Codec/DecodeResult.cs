namespace Palisade.Mqtt.Codec;

/// <summary>
/// Outcome of <see cref="MqttPacketReader.TryRead"/>. On <see cref="DecodeStatus.Invalid"/>, <see cref="Reason"/>
/// is the reason code to send (MalformedPacket, ProtocolError, PacketTooLarge, UnsupportedProtocolVersion, ...)
/// and <see cref="Detail"/> a short, secret-free explanation for logs and the reason string. For an invalid CONNECT
/// whose protocol level could be read, the reader's <c>packet</c> is a <see cref="Packets.ConnectPacket"/> carrying only
/// the <see cref="Packets.ConnectPacket.ProtocolVersion"/> to answer CONNACK in (see <see cref="MqttPacketReader"/>).
/// </summary>
public readonly record struct DecodeResult(DecodeStatus Status, ReasonCode Reason = ReasonCode.Success, string? Detail = null)
{
    public static DecodeResult Incomplete => new(DecodeStatus.Incomplete);
    public static DecodeResult Ok => new(DecodeStatus.Packet);
    public static DecodeResult Invalid(ReasonCode reason, string detail) => new(DecodeStatus.Invalid, reason, detail);
}
