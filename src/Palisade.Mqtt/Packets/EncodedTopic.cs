namespace Palisade.Mqtt.Packets;

/// <summary>
/// A topic's UTF-8 bytes, cached on a <see cref="PublishPacket"/> so that fanning one message out to many
/// subscribers encodes (and counts) the topic once. Keyed by the string reference it was made from, so a caller
/// that replaces <see cref="PublishPacket.Topic"/> never gets stale bytes; one immutable object so concurrent
/// writers at worst both compute it.
/// </summary>
internal sealed class EncodedTopic(string source, byte[] utf8)
{
    public string Source { get; } = source;
    public byte[] Utf8 { get; } = utf8;
}
