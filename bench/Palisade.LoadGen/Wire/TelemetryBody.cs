using System.Globalization;
using System.Text;

namespace Palisade.LoadGen.Wire;

/// <summary>
/// A factory machine's telemetry reading as JSON, the shape of samples/schemas/telemetry.schema.json:
/// <c>{"machineId":"press-7","state":"running","temperatureC":71.3,"vibrationMmS":2.14,"counter":N,"ts":UNIX_MS}</c>
/// (no other fields: the schema refuses unknown ones).
/// <c>counter</c> (the machine's monotonic counter) carries the sender's Stopwatch timestamp, which only increases,
/// so the subscriber in the same process reads its end-to-end latency from a body that stays schema-valid.
/// </summary>
internal static class TelemetryBody
{
    /// <summary>Largest body written (the machine name is at most 64 bytes).</summary>
    public const int MaxLength = 256;

    private static readonly byte[] Machine = "{\"machineId\":\""u8.ToArray();
    private static readonly byte[] State = "\",\"state\":\"running\",\"temperatureC\":"u8.ToArray();
    private static readonly byte[] Vibration = ",\"vibrationMmS\":"u8.ToArray();
    private static readonly byte[] Counter = ",\"counter\":"u8.ToArray();
    private static readonly byte[] Ts = ",\"ts\":"u8.ToArray();

    /// <summary>Writes one reading; values vary with <paramref name="sequence"/> like a machine's would. Returns the length.</summary>
    public static int Write(Span<byte> destination, string machine, long clock, ulong sequence, long unixMilliseconds)
    {
        var w = 0;
        Append(destination, ref w, Machine);
        w += Encoding.ASCII.GetBytes(machine, destination[w..]);
        Append(destination, ref w, State);
        // 65.0 .. 74.9 degrees C, in tenths.
        var tenths = 650 + (int)(sequence % 100);
        w += Number(destination[w..], tenths / 10);
        destination[w++] = (byte)'.';
        destination[w++] = (byte)('0' + (tenths % 10));
        Append(destination, ref w, Vibration);
        // 1.50 .. 1.99 mm/s, in hundredths.
        var hundredths = 150 + (int)(sequence % 50);
        w += Number(destination[w..], hundredths / 100);
        destination[w++] = (byte)'.';
        destination[w++] = (byte)('0' + (hundredths / 10 % 10));
        destination[w++] = (byte)('0' + (hundredths % 10));
        Append(destination, ref w, Counter);
        w += Number(destination[w..], clock);
        Append(destination, ref w, Ts);
        w += Number(destination[w..], unixMilliseconds);
        destination[w++] = (byte)'}';
        return w;
    }

    private static void Append(Span<byte> destination, ref int w, ReadOnlySpan<byte> text)
    {
        text.CopyTo(destination[w..]);
        w += text.Length;
    }

    private static int Number(Span<byte> destination, long value)
    {
        if (!value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture))
        {
            throw new ArgumentException("destination too small", nameof(destination));
        }

        return written;
    }
}
