using System.Diagnostics;
using System.Globalization;
using System.Text;
using Palisade.LoadGen.Measurement;
using Palisade.LoadGen.Transport;
using Palisade.LoadGen.Wire;

namespace Palisade.LoadGen.Roles;

/// <summary>
/// An application sending control commands to devices at a fixed, modest rate (round robin over the first devices of
/// the idle fleet), each a small JSON command carrying the send timestamp in <c>counter</c>; the receiving devices
/// record the latency in a <see cref="ControlProbe"/>. Runs beside the bulk publishers, to measure whether bulk
/// telemetry delays control traffic (threat 6.2 j).
/// </summary>
internal sealed class ControlPublisher(MqttConnection connection, int protocolLevel, int qos, double ratePerSecond, IReadOnlyList<string> topics)
    : IInboundHandler
{
    private readonly long[] _sendTimes = new long[ushort.MaxValue + 1];
    private ushort _lastId;
    private long _sent;
    private long _acked;

    public MqttConnection Connection => connection;

    public LatencyRecorder AckLatency { get; } = new();

    public long Sent => Volatile.Read(ref _sent);

    public long Acked => Interlocked.Read(ref _acked);

    public string? Failure { get; private set; }

    internal RecordingWindow? Recording { get; init; }

    public async Task RunAsync(CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        var value = 1000;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var due = (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * ratePerSecond) - _sent;
                if (due <= 0)
                {
                    await Task.Delay(1, stop).ConfigureAwait(false);
                    continue;
                }

                // Never more than a few at once: a late timer must not turn into a burst that measures queueing here.
                for (var i = 0; i < Math.Min(due, 4); i++)
                {
                    var topic = topics[(int)(_sent % topics.Count)];
                    value = value >= 1500 ? 1000 : value + 10;
                    ushort id = 0;
                    var now = Stopwatch.GetTimestamp();
                    if (qos > 0)
                    {
                        id = NextFreeId();
                        Volatile.Write(ref _sendTimes[id], now);
                    }

                    var payload = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
                        $"{{\"command\":\"set-speed\",\"value\":{value},\"counter\":{now}}}"));
                    var packet = ControlPackets.EncodePublish(protocolLevel, topic, qos, payload, id);
                    await connection.SendAsync(packet, CancellationToken.None).ConfigureAwait(false);
                    Volatile.Write(ref _sent, _sent + 1);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run is over.
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Failure = $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    public void OnPublish(long sentTimestamp)
    {
        // The application subscribes to nothing.
    }

    public void OnPubAck(ushort packetId)
    {
        var sent = Interlocked.Exchange(ref _sendTimes[packetId], 0);
        if (sent == 0)
        {
            return;
        }

        Interlocked.Increment(ref _acked);
        if (Recording?.IsOpen == true)
        {
            AckLatency.Record(sent, Stopwatch.GetTimestamp());
        }
    }

    private ushort NextFreeId()
    {
        do
        {
            _lastId = _lastId == ushort.MaxValue ? (ushort)1 : (ushort)(_lastId + 1);
        }
        while (Volatile.Read(ref _sendTimes[_lastId]) != 0);
        return _lastId;
    }
}
