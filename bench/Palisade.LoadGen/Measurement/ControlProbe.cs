using System.Diagnostics;

namespace Palisade.LoadGen.Measurement;

/// <summary>
/// Latency of control commands from the application that sent them to the device that received them, shared by
/// every device of the fleet (commands arrive at a modest rate, so one lock costs nothing, and one histogram instead of
/// one per device keeps a 2,000-device fleet small).
/// </summary>
internal sealed class ControlProbe(RecordingWindow recording)
{
    private readonly Lock _lock = new();
    private readonly LatencyRecorder _latency = new();
    private long _received;

    /// <summary>Commands received by any device, over the whole run.</summary>
    public long Received => Interlocked.Read(ref _received);

    public LatencyRecorder Latency => _latency;

    public void OnCommand(long sentTimestamp)
    {
        Interlocked.Increment(ref _received);
        if (sentTimestamp != 0 && recording.IsOpen)
        {
            var now = Stopwatch.GetTimestamp();
            lock (_lock)
            {
                _latency.Record(sentTimestamp, now);
            }
        }
    }
}
