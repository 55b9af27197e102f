using System.Buffers.Binary;
using System.Diagnostics;

namespace Palisade.LoadGen.Wire;

/// <summary>
/// Packets encoded (body, sequence, timestamp, HMAC tag) before the load starts, then only copied while it runs.
/// <para>
/// Why: in the field every device signs on its own CPU; here the devices are this generator, on the same two cores as
/// the broker under test, and signing 100,000s of messages a second took a third of a core from the broker. Encoding
/// ahead keeps that cost out of the measured window for every broker alike (Mosquitto gets the same bytes).
/// </para>
/// <para>
/// What it costs the measurement: the body's sender clock is the encoding time, so end-to-end latency is not measured
/// from such packets (the run says so); the envelope timestamps are those of the encoding, so the pool must be sent
/// within the broker's past-skew window (30 s by default: encoding takes a few seconds, warm-up plus window are
/// seconds). When the pool runs out the packets are encoded live, with the following sequence numbers.
/// QoS 1 packet identifiers are patched into the copied bytes.
/// </para>
/// </summary>
internal sealed class PresignedPublishSource : IPublishSource
{
    private readonly SignedPublishEncoder _live;
    private byte[] _pool = [];
    private int[] _offsets = [0];
    private int _count;
    private int _next;

    public PresignedPublishSource(SignedPublishEncoder live) => _live = live;

    public int MaxLength => _live.MaxLength;

    public int Qos => _live.Qos;

    /// <summary>Packets encoded ahead.</summary>
    public int Count => _count;

    /// <summary>Packets sent from the pool so far (the rest were encoded live).</summary>
    public int Used => Volatile.Read(ref _next);

    /// <summary>Encodes <paramref name="count"/> packets ahead; call before the load starts, once.</summary>
    public TimeSpan Fill(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var started = Stopwatch.GetTimestamp();
        var pool = GC.AllocateUninitializedArray<byte>(checked(count * _live.MaxLength));
        var offsets = new int[count + 1];
        var w = 0;
        for (var i = 0; i < count; i++)
        {
            offsets[i] = w;
            w += _live.Write(pool.AsSpan(w), Stopwatch.GetTimestamp(), 0);
        }

        offsets[count] = w;
        Array.Resize(ref pool, w);
        _pool = pool;
        _offsets = offsets;
        _count = count;
        return Stopwatch.GetElapsedTime(started);
    }

    public int Write(Span<byte> destination, long clock, ushort packetId)
    {
        if (_next >= _count)
        {
            return _live.Write(destination, clock, packetId);
        }

        var i = _next;
        Volatile.Write(ref _next, i + 1);
        var packet = _pool.AsSpan(_offsets[i], _offsets[i + 1] - _offsets[i]);
        packet.CopyTo(destination);
        if (Qos > 0)
        {
            // Fixed header (1 byte), remaining length (1..4 bytes, its size may differ per packet), topic (2 + n):
            // the identifier follows.
            var p = 1;
            while ((packet[p++] & 0x80) != 0)
            {
            }

            BinaryPrimitives.WriteUInt16BigEndian(destination[(p + 2 + BinaryPrimitives.ReadUInt16BigEndian(packet[p..]))..], packetId);
        }

        return packet.Length;
    }
}
