using System.Buffers.Binary;
using System.Text;

namespace Palisade.LoadGen.Wire;

/// <summary>
/// One PUBLISH packet encoded once; each send copies it and patches the packet identifier and the send timestamp
/// in place. That keeps the publisher's cost per message at a memcpy, so it can out-run the broker.
/// </summary>
/// <remarks>The payload starts with the sender's <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> (8 bytes,
/// little endian); subscribers in the same process subtract it from their own clock, so no clock sync is needed.</remarks>
internal sealed class PublishTemplate : IPublishSource
{
    /// <summary>Bytes of the payload taken by the embedded timestamp.</summary>
    public const int TimestampSize = 8;

    private readonly byte[] _bytes;

    public PublishTemplate(byte[] encoded, string topic, int qos, int payloadSize)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        _bytes = encoded;
        Qos = qos;
        TimestampOffset = encoded.Length - payloadSize;
        // Fixed header byte, then the Remaining Length's own size (its continuation bits say how long it is).
        var lengthBytes = 1;
        while ((encoded[lengthBytes] & 0x80) != 0)
        {
            lengthBytes++;
        }

        PacketIdOffset = qos > 0 ? 1 + lengthBytes + 2 + Encoding.UTF8.GetByteCount(topic) : -1;
        if (payloadSize < TimestampSize || TimestampOffset <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadSize), "The payload must hold at least the 8-byte timestamp.");
        }
    }

    public int Length => _bytes.Length;

    public int MaxLength => _bytes.Length;

    public int Qos { get; }

    public int TimestampOffset { get; }

    public int PacketIdOffset { get; }

    public int Write(Span<byte> destination, long clock, ushort packetId)
    {
        WriteTo(destination, clock, packetId);
        return _bytes.Length;
    }

    /// <summary>Copies the packet into <paramref name="destination"/> with this send's timestamp and packet id.</summary>
    public void WriteTo(Span<byte> destination, long timestamp, ushort packetId)
    {
        _bytes.CopyTo(destination);
        BinaryPrimitives.WriteInt64LittleEndian(destination.Slice(TimestampOffset, TimestampSize), timestamp);
        if (PacketIdOffset > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(PacketIdOffset, 2), packetId);
        }
    }
}
