namespace Palisade.LoadGen.Wire;

/// <summary>
/// Writes the publisher's PUBLISH packets: a fixed template patched in place (<see cref="PublishTemplate"/>) or a packet
/// built per message (<see cref="SignedPublishEncoder"/>: a new sequence number, timestamp and tag each time).
/// One instance per publisher: not thread-safe.
/// </summary>
internal interface IPublishSource
{
    /// <summary>Upper bound of one packet's size, for reserving buffer space.</summary>
    int MaxLength { get; }

    int Qos { get; }

    /// <summary>Writes one PUBLISH carrying <paramref name="clock"/> (the sender's Stopwatch timestamp) and
    /// <paramref name="packetId"/> (QoS 1); returns the bytes written.</summary>
    int Write(Span<byte> destination, long clock, ushort packetId);
}
