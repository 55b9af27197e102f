using System.Diagnostics;
using HdrHistogram;

namespace Palisade.LoadGen.Measurement;

/// <summary>
/// Latency histogram in microseconds, written by one thread (the connection's read loop); read only after the
/// measurement window, when recording has stopped. One per connection, merged at the end, so no locks on the hot path.
/// </summary>
internal sealed class LatencyRecorder
{
    /// <summary>Longest latency tracked (60 s); longer ones are recorded as 60 s and counted in <see cref="Clamped"/>.</summary>
    public const long MaxMicroseconds = 60_000_000;

    private static readonly double MicrosecondsPerTick = 1_000_000.0 / Stopwatch.Frequency;

    public LongHistogram Histogram { get; } = new(1, MaxMicroseconds, 3);

    public long Clamped { get; private set; }

    /// <summary>Records the time from <paramref name="startTimestamp"/> to <paramref name="endTimestamp"/> (Stopwatch ticks).</summary>
    public void Record(long startTimestamp, long endTimestamp)
    {
        var us = (long)((endTimestamp - startTimestamp) * MicrosecondsPerTick);
        if (us < 0)
        {
            us = 0;
        }
        else if (us > MaxMicroseconds)
        {
            us = MaxMicroseconds;
            Clamped++;
        }

        Histogram.RecordValue(us);
    }
}
