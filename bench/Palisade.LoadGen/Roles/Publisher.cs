using System.Diagnostics;
using Palisade.LoadGen.Measurement;
using Palisade.LoadGen.Transport;
using Palisade.LoadGen.Wire;

namespace Palisade.LoadGen.Roles;

/// <summary>
/// Publishes as fast as the broker takes it (or at a fixed rate): many PUBLISHes per flush; at QoS 1 up to a window
/// of unacknowledged packets, refilled in batches as PUBACKs return.
/// </summary>
internal sealed class Publisher : IInboundHandler, IDisposable
{
    private readonly MqttConnection _connection;
    private readonly IPublishSource _template;
    private readonly int _window;
    private readonly int _lowWater;
    private readonly int _batch;
    private readonly double _ratePerSecond;
    private readonly RecordingWindow _recording;
    private readonly EndToEndGate? _gate;

    // Send timestamp per packet identifier; non-zero means that identifier is in flight.
    private readonly long[] _sendTimes = new long[ushort.MaxValue + 1];
    private readonly SemaphoreSlim _ackSignal = new(0);
    private ushort _lastId;
    private long _sent;
    private long _acked;
    private int _inFlight;
    private int _waiting;
    private long _blockedTicks;
    private long _blockedSince;

    public Publisher(MqttConnection connection, IPublishSource template, int window, int batch, double ratePerSecond, RecordingWindow recording, EndToEndGate? gate)
    {
        _connection = connection;
        _template = template;
        _window = Math.Clamp(window, 1, ushort.MaxValue - 1);
        _batch = Math.Max(1, batch);
        // Refill once a useful batch is free, not at every PUBACK: keeps flushes large under a full window.
        _lowWater = Math.Max(1, Math.Min(_batch, _window / 4));
        _ratePerSecond = ratePerSecond;
        _recording = recording;
        _gate = gate;
    }

    public MqttConnection Connection => _connection;

    public LatencyRecorder AckLatency { get; } = new();

    public long Sent => Volatile.Read(ref _sent);

    public long Acked => Volatile.Read(ref _acked);

    public int InFlight => Volatile.Read(ref _inFlight);

    public int Window => _window;

    /// <summary>Stopwatch ticks spent waiting for the broker: for PUBACKs (window full), for deliveries (end-to-end
    /// window full) or for the socket to drain.
    /// Close to the elapsed time means the broker, not the generator, sets the pace.</summary>
    public long BlockedTicks
    {
        get
        {
            // A wait still in progress counts up to now: a publisher stuck on a full socket for the whole window
            // must read as 100 % blocked, not 0 %.
            var since = Volatile.Read(ref _blockedSince);
            var total = Volatile.Read(ref _blockedTicks);
            return since == 0 ? total : total + (Stopwatch.GetTimestamp() - since);
        }
    }

    /// <summary>Publishes until <paramref name="stop"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var count = _batch;
                if (_ratePerSecond > 0)
                {
                    var due = (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * _ratePerSecond) - _sent;
                    if (due <= 0)
                    {
                        await Task.Delay(1, stop).ConfigureAwait(false);
                        continue;
                    }

                    count = (int)Math.Min(count, due);
                }

                if (_template.Qos > 0)
                {
                    var free = _window - Volatile.Read(ref _inFlight);
                    if (free < _lowWater)
                    {
                        Interlocked.Exchange(ref _waiting, 1);
                        if (_window - Volatile.Read(ref _inFlight) >= _lowWater)
                        {
                            Interlocked.Exchange(ref _waiting, 0);
                            continue;
                        }

                        BeginBlocked();
                        await _ackSignal.WaitAsync(stop).ConfigureAwait(false);
                        EndBlocked();
                        continue;
                    }

                    count = Math.Min(count, free);
                }

                if (_gate is not null)
                {
                    var open = _gate.Free;
                    if (open < Math.Min(count, Math.Max(1, _gate.Window / 4)))
                    {
                        BeginBlocked();
                        await _gate.WaitAsync(Math.Min(count, Math.Max(1, _gate.Window / 4)), stop).ConfigureAwait(false);
                        EndBlocked();
                        continue;
                    }

                    count = Math.Min(count, open);
                }

                WriteBatch(count);
                // Never cancel a flush half way: a torn PUBLISH would desynchronise the broker's parser. The loop
                // checks the stop token between batches instead.
                var flush = _connection.Output.FlushAsync(CancellationToken.None);
                if (!flush.IsCompleted)
                {
                    // The socket is full: the broker is not reading as fast as we write.
                    BeginBlocked();
                    await flush.ConfigureAwait(false);
                    EndBlocked();
                }
                else
                {
                    await flush.ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run is over.
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The broker closed or reset the connection: the run goes on with the others and reports it.
            Failure = $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    /// <summary>Why publishing stopped early, if it did.</summary>
    public string? Failure { get; private set; }

    /// <summary>Waits (bounded) until every QoS 1 PUBLISH sent has been acknowledged.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (InFlight > 0 && Stopwatch.GetTimestamp() < deadline && _connection.CloseReason is null)
        {
            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _ackSignal.Dispose();
        (_template as IDisposable)?.Dispose();
    }

    public void OnPublish(long sentTimestamp)
    {
        // Publishers subscribe to nothing.
    }

    public void OnPubAck(ushort packetId)
    {
        var sent = Interlocked.Exchange(ref _sendTimes[packetId], 0);
        if (sent == 0)
        {
            return; // not ours or a duplicate acknowledgement
        }

        var inFlight = Interlocked.Decrement(ref _inFlight);
        Volatile.Write(ref _acked, _acked + 1);
        if (_recording.IsOpen)
        {
            AckLatency.Record(sent, Stopwatch.GetTimestamp());
        }

        if (_window - inFlight >= _lowWater && Volatile.Read(ref _waiting) == 1 && Interlocked.Exchange(ref _waiting, 0) == 1)
        {
            _ackSignal.Release();
        }
    }

    private void BeginBlocked() => Volatile.Write(ref _blockedSince, Stopwatch.GetTimestamp());

    private void EndBlocked()
    {
        var since = Volatile.Read(ref _blockedSince);
        // Add before clearing the start, so a concurrent reader never sees the wait counted neither way.
        Volatile.Write(ref _blockedTicks, _blockedTicks + (Stopwatch.GetTimestamp() - since));
        Volatile.Write(ref _blockedSince, 0);
    }

    private void WriteBatch(int count)
    {
        var span = _connection.Output.GetSpan(count * _template.MaxLength);
        var written = 0;
        for (var i = 0; i < count; i++)
        {
            var now = Stopwatch.GetTimestamp();
            ushort id = 0;
            if (_template.Qos > 0)
            {
                id = NextFreeId();
                Volatile.Write(ref _sendTimes[id], now);
            }

            written += _template.Write(span[written..], now, id);
        }

        if (_template.Qos > 0)
        {
            Interlocked.Add(ref _inFlight, count);
        }

        _connection.Output.Advance(written);
        Volatile.Write(ref _sent, _sent + count);
    }

    private ushort NextFreeId()
    {
        // The window is below 65,535, so a free identifier always exists; acknowledgements out of order only skip some.
        do
        {
            _lastId = _lastId == ushort.MaxValue ? (ushort)1 : (ushort)(_lastId + 1);
        }
        while (Volatile.Read(ref _sendTimes[_lastId]) != 0);
        return _lastId;
    }
}
