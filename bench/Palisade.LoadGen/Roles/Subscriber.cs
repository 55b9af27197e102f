using System.Diagnostics;
using Palisade.LoadGen.Measurement;
using Palisade.LoadGen.Transport;

namespace Palisade.LoadGen.Roles;

/// <summary>Counts deliveries and records end-to-end latency from the timestamp the publisher embedded.</summary>
internal sealed class Subscriber(MqttConnection connection, RecordingWindow recording, EndToEndGate? gate) : IInboundHandler
{
    private long _received;

    public MqttConnection Connection => connection;

    public LatencyRecorder Latency { get; } = new();

    public long Received => Volatile.Read(ref _received);

    public void OnPublish(long sentTimestamp)
    {
        // Single writer (this connection's read loop); readers only need a recent value.
        Volatile.Write(ref _received, _received + 1);
        if (sentTimestamp != 0 && recording.IsOpen)
        {
            Latency.Record(sentTimestamp, Stopwatch.GetTimestamp());
        }
    }

    public void OnReadCompleted() => gate?.Notify();

    public void OnPubAck(ushort packetId)
    {
        // Subscribers publish nothing.
    }
}
