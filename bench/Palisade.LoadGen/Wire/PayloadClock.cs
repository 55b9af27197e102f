using System.Buffers;
using System.Buffers.Text;

namespace Palisade.LoadGen.Wire;

/// <summary>Where a received payload carries the sender's Stopwatch timestamp.</summary>
internal enum PayloadClock
{
    /// <summary>The first 8 bytes of the payload, little endian (binary load).</summary>
    Binary,

    /// <summary>The JSON number after <c>"counter":</c> (telemetry and command bodies, which must stay valid JSON;
    /// found anywhere in the payload, so a compact envelope prefix before the body does not matter).</summary>
    JsonCounter,
}

internal static class PayloadClockReader
{
    private const int MaxScanned = 2048;

    /// <summary>The timestamp in <paramref name="payload"/>, or 0 when it carries none.</summary>
    public static long Read(ReadOnlySequence<byte> payload, PayloadClock clock)
    {
        if (clock == PayloadClock.Binary)
        {
            var reader = new SequenceReader<byte>(payload);
            return reader.TryReadLittleEndian(out long value) ? value : 0;
        }

        var length = (int)Math.Min(payload.Length, MaxScanned);
        Span<byte> copy = stackalloc byte[MaxScanned];
        payload.Slice(0, length).CopyTo(copy);
        return ReadJsonCounter(copy[..length]);
    }

    public static long ReadJsonCounter(ReadOnlySpan<byte> payload)
    {
        var at = payload.IndexOf("\"counter\":"u8);
        if (at < 0)
        {
            return 0;
        }

        return Utf8Parser.TryParse(payload[(at + 10)..], out long value, out _) ? value : 0;
    }
}
