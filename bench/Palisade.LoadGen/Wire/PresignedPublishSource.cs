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
/// from such packets (the run says so). Envelope timestamps: every pooled packet carries the encoding start plus
/// <see cref="TimestampLead"/>, within the broker's future skew (5 s by default) when the first is sent, and within its
/// past skew (30 s) for 30 + 4 s after the encoding started; encoding stops after <see cref="MaxEncodingTime"/>, so
/// a pool is good for at least 28 s of sending. When the pool runs out the packets are encoded live (current time,
/// the following sequence numbers).
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

    /// <summary>How far ahead of the encoding start the pooled packets' envelope timestamps are.</summary>
    public static readonly TimeSpan TimestampLead = TimeSpan.FromSeconds(4);

    /// <summary>Longest time spent encoding a pool (on a loaded machine the pool is then smaller).</summary>
    public static readonly TimeSpan MaxEncodingTime = TimeSpan.FromSeconds(6);

    public int MaxLength => _live.MaxLength;

    public int Qos => _live.Qos;

    /// <summary>Packets encoded ahead.</summary>
    public int Count => _count;

    /// <summary>Packets sent from the pool so far (the rest were encoded live).</summary>
    public int Used => Volatile.Read(ref _next);

    /// <summary>Encodes up to <paramref name="count"/> packets ahead (fewer when <see cref="MaxEncodingTime"/> runs
    /// out); call before the load starts, once.</summary>
    public TimeSpan Fill(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(MaxEncodingTime.TotalSeconds * Stopwatch.Frequency);
        _live.TimestampOverride = (DateTimeOffset.UtcNow + TimestampLead).ToUnixTimeMilliseconds();
        // Grown as it fills (doubling), not reserved as count x MaxLength: the time cap usually ends encoding long
        // before count, and count x MaxLength can pass 2 GB.
        var pool = GC.AllocateUninitializedArray<byte>(Math.Max(64 * 1024 * 1024, 4 * _live.MaxLength));
        var offsets = new int[count + 1];
        var w = 0;
        var encoded = 0;
        while (encoded < count && ((encoded & 1023) != 0 || Stopwatch.GetTimestamp() < deadline))
        {
            if (pool.Length - w < _live.MaxLength)
            {
                if (pool.Length >= Array.MaxLength / 2)
                {
                    break; // as large as one array gets: the rest is encoded live
                }

                var larger = GC.AllocateUninitializedArray<byte>(pool.Length * 2);
                pool.AsSpan(0, w).CopyTo(larger);
                pool = larger;
            }

            offsets[encoded] = w;
            w += _live.Write(pool.AsSpan(w), Stopwatch.GetTimestamp(), 0);
            encoded++;
        }

        offsets[encoded] = w;
        _live.TimestampOverride = null;
        count = encoded;
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
