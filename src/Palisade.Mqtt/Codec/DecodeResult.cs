namespace Palisade.Mqtt.Codec;

/// <summary>
/// Outcome of <see cref="MqttPacketReader.TryRead"/>. On <see cref="DecodeStatus.Invalid"/>, <see cref="Reason"/>
/// is the reason code to send (MalformedPacket, ProtocolError, PacketTooLarge, UnsupportedProtocolVersion, ...)
/// and <see cref="Detail"/> a short, secret-free explanation for logs and the reason string.
/// </summary>
public readonly record struct DecodeResult(DecodeStatus Status, ReasonCode Reason = ReasonCode.Success, string? Detail = null)
{
    public static DecodeResult Incomplete => new(DecodeStatus.Incomplete);
    public static DecodeResult Ok => new(DecodeStatus.Packet);
    public static DecodeResult Invalid(ReasonCode reason, string detail) => new(DecodeStatus.Invalid, reason, detail);
}
