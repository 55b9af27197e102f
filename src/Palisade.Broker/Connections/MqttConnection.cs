using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Palisade.Broker.Diagnostics;
using Palisade.Broker.Hooks;
using Palisade.Broker.Routing;
using Palisade.Broker.Sessions;
using Palisade.Mqtt;
using Palisade.Mqtt.Codec;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Connections;

/// <summary>
/// MQTT on one transport. Two activities:
/// <list type="bullet">
/// <item>the reader loop (<see cref="RunAsync"/>): decodes packets from the pipe and handles them in order;</item>
/// <item>the writer (<see cref="IThreadPoolWorkItem.Execute"/>): scheduled on the thread pool only when there is
/// something to send; it writes every pending control packet and as many queued deliveries as the client's
/// Receive Maximum allows into the <see cref="PipeWriter"/>, then flushes once for the whole batch.</item>
/// </list>
/// All output goes through the writer, so packets never interleave. An idle connection has no timer, no pending
/// write task and no buffers of its own: the shared sweeper checks keep alive.
/// </summary>
internal sealed partial class MqttConnection : IThreadPoolWorkItem
{
    private const int MaxBatchMessages = 256;
    private const uint ProtocolMaximumPacketSize = 268_435_455 + 5;

    private readonly BrokerCore _core;
    private readonly IDuplexPipe _transport;
    private readonly ClientEndpoint _endpoint;
    private readonly Lock _outLock = new();

    private MqttDecoderOptions _decoderOptions;
    private MqttProtocolVersion _version = MqttProtocolVersion.V311;
    private Session? _session;
    private ClientIdentity? _identity;
    private WillMessage? _will;
    private bool _willSuppressed;
    private string?[]? _topicAliases;
    private ushort _clientReceiveMaximum = ushort.MaxValue;
    private uint _clientMaximumPacketSize = ProtocolMaximumPacketSize;
    private long _keepAliveTimeout; // timestamp ticks, 0 = none
    private long _lastActivity;
    private readonly long _openedAt;

    // 0 = CONNECT not yet received, 1 = CONNECT being handled, 2 = CONNACK accepted queued.
    private volatile int _state;
    private int _closeRequested;
    private ReasonCode? _serverReason;
    private string? _closeCause;
    private CancellationTokenSource? _connectCancellation;

    // Writer state.
    private Queue<ControlItem>? _control;
    private PubAckPacket?[]? _ackScratch;
    private bool _retransmitPending;
    private int _signal;
    private int _scheduled;
    private volatile bool _closing;
    private volatile bool _outputBroken;
    private TaskCompletionSource? _writerDone;
    private ValueTask<FlushResult> _pendingFlush;
    private Action? _onFlushed;

    public MqttConnection(BrokerCore core, IDuplexPipe transport, ClientEndpoint endpoint)
    {
        _core = core;
        _transport = transport;
        _endpoint = endpoint;
        _openedAt = core.Time.GetTimestamp();
        _lastActivity = _openedAt;
        _decoderOptions = new MqttDecoderOptions(null, core.Options.MaximumPacketSize, IsServer: true);
    }

    public string ConnectionId => _endpoint.ConnectionId;

    /// <summary>The client id once CONNECT was accepted (assigned ids included).</summary>
    public string? ClientId => _session?.ClientId;

    public MqttProtocolVersion Version => _version;

    /// <summary>True once <see cref="RequestClose"/> was called (the connection is ending).</summary>
    public bool CloseRequested => Volatile.Read(ref _closeRequested) != 0;

    /// <summary>The task of <see cref="RunAsync"/>, set by the broker; completes when the connection is fully closed.</summary>
    public Task? Completion { get; set; }

    /// <summary>Completes when the writer has flushed its last packet (the DISCONNECT, if any) after close was requested.</summary>
    public Task WriterDone => _writerDone?.Task ?? Task.CompletedTask;

    /// <summary>The reader loop: runs until the transport ends, the client disconnects, or a close is requested.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReadLoopAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _serverReason ??= ReasonCode.ServerShuttingDown;
            _closeCause ??= "host cancelled";
        }
        catch (OperationCanceledException) when (Volatile.Read(ref _closeRequested) != 0)
        {
            // A hook awaited during CONNECT was cancelled by a close request (connect timeout, shutdown).
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException or ConnectionAbortedException)
        {
            // Resets and aborted transports are part of normal life on a network.
            _closeCause ??= "transport error";
            BrokerLog.TransportError(_core.Logger, ConnectionId, ex.Message);
        }
#pragma warning disable CA1031 // HandleConnectionAsync must not throw for one client's failure: logged as an error, the connection ends.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _closeCause ??= "internal error";
            BrokerLog.ConnectionFailed(_core.Logger, ex, ConnectionId);
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Asks the connection to end (from another thread: takeover, keep alive, admin, shutdown). With a reason and a
    /// 5.0 client that received CONNACK, a DISCONNECT with that reason is sent first.
    /// </summary>
    public void RequestClose(ReasonCode? reason, string cause)
    {
        if (Interlocked.Exchange(ref _closeRequested, 1) != 0)
        {
            return;
        }

        _serverReason ??= reason;
        _closeCause ??= cause;
        _transport.Input.CancelPendingRead();
        try
        {
            _connectCancellation?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // CONNECT handling finished meanwhile.
        }
    }

    /// <summary>Called by the shared sweeper: connect timeout and keep alive (1.5 × the keep alive, MQTT-3.1.2-24).</summary>
    public void CheckTimeouts(long now)
    {
        if (_state != 2)
        {
            // Until CONNACK: covers a client that never sends CONNECT and a CONNECT whose authentication never ends.
            if (now - _openedAt > _core.ConnectTimeout)
            {
                BrokerLog.ConnectTimeout(_core.Logger, ConnectionId);
                RequestClose(null, "connect timeout");
            }

            return;
        }

        var keepAlive = _keepAliveTimeout;
        if (keepAlive > 0 && now - Volatile.Read(ref _lastActivity) > keepAlive)
        {
            BrokerLog.KeepAliveTimeout(_core.Logger, ClientId ?? "", ConnectionId);
            RequestClose(ReasonCode.KeepAliveTimeout, "keep alive timeout");
        }
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        var input = _transport.Input;
        // The turn (BrokerOptions.TurnMicroseconds) starts when the loop gets data after waiting for it, and runs on
        // through reads that complete at once: a fast sender's stream never waits, so only time can end its turn.
        var turnStart = 0L;
        while (true)
        {
            var read = input.ReadAsync(cancellationToken);
            if (!read.IsCompleted)
            {
                turnStart = 0;
            }

            var result = await read.ConfigureAwait(false);
            if (result.IsCanceled || Volatile.Read(ref _closeRequested) != 0)
            {
                input.AdvanceTo(result.Buffer.Start);
                return;
            }

            var buffer = result.Buffer;
            var now = _core.Time.GetTimestamp();
            Volatile.Write(ref _lastActivity, now);
            if (turnStart == 0)
            {
                turnStart = now;
            }

            var stop = false;
            var turnOver = false;
            var handled = 0;
            try
            {
                while (!stop)
                {
                    // The clock is read every 16 packets: ~20 ns each, against ~2 µs to handle a publish.
                    if ((++handled & 15) == 0 && _core.Time.GetTimestamp() - turnStart > _core.Turn)
                    {
                        turnOver = true;
                        break;
                    }

                    var decode = MqttPacketReader.TryRead(ref buffer, _decoderOptions, out var packet);
                    if (decode.Status == DecodeStatus.Incomplete)
                    {
                        break;
                    }

                    if (decode.Status == DecodeStatus.Invalid)
                    {
                        OnInvalid(decode, packet);
                        stop = true;
                        break;
                    }

                    stop = !await HandleAsync(packet!, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                // After a turn ends early nothing is "examined": the next read returns what is left at once.
                if (turnOver)
                {
                    input.AdvanceTo(buffer.Start);
                }
                else
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                }
            }

            if (stop)
            {
                return;
            }

            if (turnOver)
            {
                // To the back of the thread pool's queue (there is no synchronization context here).
                _core.Stats.TurnYielded();
                turnStart = 0;
                await Task.Yield();
                continue;
            }

            if (result.IsCompleted)
            {
                _closeCause ??= "connection closed by client";
                return;
            }
        }
    }

    private void OnInvalid(DecodeResult decode, MqttPacket? partial)
    {
        _core.Stats.ProtocolViolation();
        BrokerLog.ProtocolViolation(_core.Logger, ConnectionId, decode.Reason, decode.Detail ?? "");
        if (_state == 0)
        {
            // A CONNECT whose protocol level could be read is answered with a CONNACK in that version: 5.0 with the
            // decoder's reason (MQTT-4.13.1-1), 3.1.1 only for an unacceptable protocol level (return code 1).
            if (partial is ConnectPacket connect)
            {
                _version = connect.ProtocolVersion;
                if (_version == MqttProtocolVersion.V500 || decode.Reason == ReasonCode.UnsupportedProtocolVersion)
                {
                    EnqueueControl(new ConnAckPacket { ReasonCode = decode.Reason });
                }
            }

            _closeCause = "invalid CONNECT";
            return;
        }

        ProtocolClose(decode.Reason, decode.Detail ?? "malformed packet");
    }

    /// <summary>Ends the connection for a protocol violation: 5.0 clients get DISCONNECT with the reason; 3.1.1 are just closed.</summary>
    private void ProtocolClose(ReasonCode reason, string detail)
    {
        _serverReason ??= reason;
        _closeCause ??= detail;
    }

    private ValueTask<bool> HandleAsync(MqttPacket packet, CancellationToken cancellationToken)
    {
        if (_state != 2)
        {
            if (packet is ConnectPacket connect && _state == 0)
            {
                return HandleConnectAsync(connect, cancellationToken);
            }

            return ValueTask.FromResult(Violation(ReasonCode.ProtocolError, "first packet must be CONNECT"));
        }

        switch (packet)
        {
            case PublishPacket publish:
                return HandlePublishAsync(publish, cancellationToken);
            case PubAckPacket ack:
                return ValueTask.FromResult(HandleAck(ack));
            case SubscribePacket subscribe:
                return HandleSubscribeAsync(subscribe, cancellationToken);
            case UnsubscribePacket unsubscribe:
                return ValueTask.FromResult(HandleUnsubscribe(unsubscribe));
            case PingReqPacket:
                EnqueueControl(PingRespPacket.Instance);
                return ValueTask.FromResult(true);
            case DisconnectPacket disconnect:
                return ValueTask.FromResult(HandleDisconnect(disconnect));
            case ConnectPacket:
                return ValueTask.FromResult(Violation(ReasonCode.ProtocolError, "second CONNECT"));
            case AuthPacket:
                return ValueTask.FromResult(Violation(ReasonCode.ProtocolError, "AUTH without an authentication method"));
            default:
                return ValueTask.FromResult(Violation(ReasonCode.ProtocolError, "unexpected packet type"));
        }
    }

    private bool Violation(ReasonCode reason, string detail)
    {
        _core.Stats.ProtocolViolation();
        BrokerLog.ProtocolViolation(_core.Logger, ConnectionId, reason, detail);
        ProtocolClose(reason, detail);
        return false;
    }

    // ---------------------------------------------------------------- writer

    /// <summary>Queues a control packet (CONNACK, acks, SUBACK, PINGRESP, DISCONNECT) and wakes the writer.</summary>
    private void EnqueueControl(MqttPacket packet) => EnqueueControl(new ControlItem(packet, default, 0, ReasonCode.Success));

    private void EnqueueAck(MqttPacketType type, ushort packetId, ReasonCode reason) =>
        EnqueueControl(new ControlItem(null, type, packetId, reason));

    private void EnqueueControl(in ControlItem item)
    {
        lock (_outLock)
        {
            (_control ??= new Queue<ControlItem>()).Enqueue(item);
        }

        ScheduleWrite();
    }

    /// <summary>
    /// Wakes the writer. Cheap when it is already pending (one volatile read); otherwise one work item, no allocation.
    /// </summary>
    public void ScheduleWrite()
    {
        if (Volatile.Read(ref _signal) == 1)
        {
            // The writer has not yet started the pass that clears the signal; that pass will see our message.
            return;
        }

        Interlocked.Exchange(ref _signal, 1);
        if (Volatile.Read(ref _scheduled) == 0 && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    void IThreadPoolWorkItem.Execute() => RunWriter(resumingFlush: false);

    /// <summary>
    /// The writer loop. Written without async/await so that it allocates nothing: when a flush cannot complete at
    /// once (the peer reads slowly), it registers one cached continuation and returns its thread to the pool.
    /// </summary>
    private void RunWriter(bool resumingFlush)
    {
        var output = _transport.Output;
        try
        {
            if (resumingFlush)
            {
                var pending = _pendingFlush;
                _pendingFlush = default;
                OnFlushed(pending.GetAwaiter().GetResult());
            }

            var turnStart = _core.Time.GetTimestamp();
            while (true)
            {
                Interlocked.Exchange(ref _signal, 0);
                var written = WriteBatch(output);
                if (written > 0)
                {
                    var flush = output.FlushAsync();
                    if (flush.IsCompleted)
                    {
                        OnFlushed(flush.Result);
                        if (_core.Time.GetTimestamp() - turnStart > _core.Turn)
                        {
                            // Turn over (BrokerOptions.TurnMicroseconds): queue the next pass behind the work waiting
                            // meanwhile. _scheduled stays 1, so no one else queues this writer; the signal makes the
                            // next pass look again even if nothing new arrives.
                            _core.Stats.TurnYielded();
                            Interlocked.Exchange(ref _signal, 1);
                            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                            return;
                        }

                        continue;
                    }

#pragma warning disable CA2012 // Kept and consumed exactly once, by the continuation registered below.
                    _pendingFlush = flush;
#pragma warning restore CA2012
                    _pendingFlush.GetAwaiter().UnsafeOnCompleted(_onFlushed ??= () => RunWriter(resumingFlush: true));
                    return;
                }

                if (_closing)
                {
                    CompleteOutput(output, null);
                    return;
                }

                TrimAfterBurst();
                Interlocked.Exchange(ref _scheduled, 0);
                if (Volatile.Read(ref _signal) == 0 || Interlocked.CompareExchange(ref _scheduled, 1, 0) != 0)
                {
                    return;
                }
            }
        }
#pragma warning disable CA1031 // The writer runs detached on the thread pool: any failure ends the connection, never the process.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _outputBroken = true;
            if (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException or ConnectionAbortedException)
            {
                BrokerLog.TransportError(_core.Logger, ConnectionId, ex.Message);
            }
            else
            {
                BrokerLog.ConnectionFailed(_core.Logger, ex, ConnectionId);
            }

            RequestClose(null, "write failed");
            if (_closing)
            {
                CompleteOutput(output, ex);
            }
            else
            {
                // Let the close schedule the writer again to complete the output.
                Interlocked.Exchange(ref _scheduled, 0);
                if (_closing)
                {
                    ScheduleWrite();
                }
            }
        }
    }

    /// <summary>
    /// Going idle: drop queue arrays that a burst grew, so a device that once received many messages goes back to
    /// holding almost nothing. Small ones are kept to avoid churn in steady streaming.
    /// </summary>
    private void TrimAfterBurst()
    {
        const int KeepCapacity = 32;
        lock (_outLock)
        {
            if (_control is { Count: 0 } control && control.EnsureCapacity(0) > KeepCapacity)
            {
                _control = null;
            }
        }

        if (_session is { } session)
        {
            lock (session.Sync)
            {
                session.Queue?.TrimIfEmpty(KeepCapacity);
                if (session.Inflight is { Count: 0 } inflight && inflight.EnsureCapacity(0) > KeepCapacity)
                {
                    session.Inflight = null;
                }

                if (session.IncomingQoS2 is { Count: 0 } incoming && incoming.EnsureCapacity(0) > KeepCapacity)
                {
                    session.IncomingQoS2 = null;
                }
            }
        }
    }

    private void OnFlushed(FlushResult result)
    {
        if (result.IsCompleted || result.IsCanceled)
        {
            _outputBroken = true;
            RequestClose(null, "transport closed");
        }
    }

    private void CompleteOutput(PipeWriter output, Exception? error)
    {
        try
        {
            output.Complete(error);
        }
#pragma warning disable CA1031 // Completing a broken transport may throw again; the connection is over anyway.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        _writerDone?.TrySetResult();
    }

    /// <summary>Writes pending control packets and a batch of deliveries into the pipe (no flush). Returns packets written.</summary>
    private int WriteBatch(PipeWriter output)
    {
        // Read before draining control packets: when true, CONNACK is already in the control queue (or sent), so
        // no PUBLISH can overtake it.
        var connected = _state == 2;
        var broken = _outputBroken;
        var written = 0;
        lock (_outLock)
        {
            while (_control is { Count: > 0 } control)
            {
                var item = control.Dequeue();
                if (broken)
                {
                    continue;
                }

                if (item.Packet is { } packet)
                {
                    MqttPacketWriter.Write(output, packet, _version);
                }
                else
                {
                    MqttPacketWriter.Write(output, Ack(item.AckType, item.PacketId, item.Reason), _version);
                }

                written++;
            }
        }

        if (broken || _closing || !connected || _session is not { } session)
        {
            return written;
        }

        var now = _core.Time.GetTimestamp();
        Outgoing[]? rented = null;
        var count = 0;
        lock (session.Sync)
        {
            var queue = session.Queue;
            if (!ReferenceEquals(session.Connection, this) || (!_retransmitPending && queue is not { Count: > 0 }))
            {
                return written;
            }

            // Pooled per pass, so an idle connection that once received a burst keeps no batch buffer.
            rented = ArrayPool<Outgoing>.Shared.Rent(MaxBatchMessages + (_retransmitPending ? session.InflightCount : 0));
            var batch = new BatchBuilder(rented);
            if (_retransmitPending)
            {
                _retransmitPending = false;
                CollectRetransmissions(session, ref batch, now);
            }

            while (queue is not null && batch.Count < MaxBatchMessages + batch.Retransmitted
                && queue.TryDequeue(allowQoS12: session.InflightCount < _clientReceiveMaximum, out var delivery))
            {
                if (delivery.ExpiresAt <= now)
                {
                    _core.Stats.ExpiredDropped();
                    continue;
                }

                var expiry = RemainingExpiry(delivery.ExpiresAt, now);
                if (_clientMaximumPacketSize < ProtocolMaximumPacketSize
                    && MqttPacketWriter.GetPublishSize(_version, delivery.Message, delivery.QoS, 0, false, delivery.SubscriptionIds, expiry) > _clientMaximumPacketSize)
                {
                    // MQTT-3.1.2-25: discard as if it had been sent.
                    _core.Stats.TooLargeDropped();
                    continue;
                }

                ushort packetId = 0;
                if (delivery.QoS != QualityOfService.AtMostOnce)
                {
                    packetId = session.NextPacketId();
                    session.AddInflight(packetId, delivery);
                }

                batch.Add(new Outgoing(delivery, packetId, Dup: false, PubRel: false, expiry));
            }

            count = batch.Count;
        }

        var publishes = 0;
        foreach (var item in rented.AsSpan(0, count))
        {
            if (item.PubRel)
            {
                MqttPacketWriter.Write(output, Ack(MqttPacketType.PubRel, item.PacketId, ReasonCode.Success), _version);
            }
            else
            {
                var d = item.Delivery;
                MqttPacketWriter.WritePublish(output, _version, d.Message, d.QoS, item.PacketId, d.Retain, item.Dup, 0, false, d.SubscriptionIds, item.Expiry);
                publishes++;
            }
        }

        written += count;
        // Clear only what was used (it holds references), then give the array back.
        Array.Clear(rented, 0, count);
        ArrayPool<Outgoing>.Shared.Return(rented);
        if (publishes > 0)
        {
            _core.Stats.MessagesDeliveredAdd(publishes);
        }

        return written;
    }

    /// <summary>A reused acknowledgement packet (only the writer encodes, one at a time), so acks allocate nothing.</summary>
    private PubAckPacket Ack(MqttPacketType type, ushort packetId, ReasonCode reason)
    {
        var scratch = _ackScratch ??= new PubAckPacket?[4];
        var index = (int)type - (int)MqttPacketType.PubAck;
        var ack = scratch[index] ??= new PubAckPacket(type, packetId);
        ack.PacketId = packetId;
        ack.ReasonCode = reason;
        return ack;
    }

    /// <summary>On session resume: every unacknowledged delivery again, in original order, PUBLISH with DUP or PUBREL (MQTT-4.4.0-1).</summary>
    private void CollectRetransmissions(Session session, ref BatchBuilder batch, long now)
    {
        if (session.Inflight is not { Count: > 0 } inflight)
        {
            return;
        }

        var ordered = inflight.OrderBy(e => e.Value.Order).ToList();
        foreach (var (packetId, entry) in ordered)
        {
            if (entry.Released)
            {
                batch.Add(new Outgoing(entry.Delivery, packetId, Dup: false, PubRel: true, null));
                continue;
            }

            if (entry.Delivery.ExpiresAt <= now)
            {
                inflight.Remove(packetId);
                _core.Stats.ExpiredDropped();
                continue;
            }

            batch.Add(new Outgoing(entry.Delivery, packetId, Dup: true, PubRel: false, RemainingExpiry(entry.Delivery.ExpiresAt, now)));
        }

        batch.Retransmitted = batch.Count;
    }

    /// <summary>Fills a rented array; <see cref="Retransmitted"/> lets a resume pass still take a full batch of new deliveries.</summary>
    private ref struct BatchBuilder(Outgoing[] items)
    {
        private readonly Outgoing[] _items = items;

        public int Count { get; private set; }
        public int Retransmitted { get; set; }

        public void Add(in Outgoing item) => _items[Count++] = item;
    }

    private uint? RemainingExpiry(long expiresAt, long now)
    {
        if (expiresAt == long.MaxValue)
        {
            return null;
        }

        var frequency = _core.Time.TimestampFrequency;
        var remaining = (expiresAt - now + frequency - 1) / frequency;
        return (uint)Math.Clamp(remaining, 1, uint.MaxValue);
    }

    // ---------------------------------------------------------------- close

    private async Task CloseAsync()
    {
        var reason = _serverReason;
        if (reason is { } r && _state == 2 && _version == MqttProtocolVersion.V500 && !_outputBroken)
        {
            if (_session is { } s && r != ReasonCode.NormalDisconnection)
            {
                BrokerLog.ServerDisconnect(_core.Logger, s.ClientId, r);
            }

            EnqueueControl(new DisconnectPacket { ReasonCode = r });
        }

        _writerDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _closing = true;
        // Force a pass even if the writer believes nothing changed.
        Interlocked.Exchange(ref _signal, 0);
        ScheduleWrite();
        try
        {
            await _writerDone.Task.WaitAsync(TimeSpan.FromSeconds(5), _core.Time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The peer does not read: give up on the pending flush.
            _outputBroken = true;
            _transport.Output.CancelPendingFlush();
        }

        try
        {
            await _transport.Input.CompleteAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Completing an already failed transport may throw; the connection is over anyway.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        if (_session is { } session)
        {
            BrokerLog.ClientDisconnected(_core.Logger, session.ClientId, ConnectionId, _closeCause ?? "closed");
            _core.Sessions.Detach(this, session, _willSuppressed ? null : _will);
        }

        _core.Unregister(this);
    }

    private readonly record struct ControlItem(MqttPacket? Packet, MqttPacketType AckType, ushort PacketId, ReasonCode Reason);

    private readonly record struct Outgoing(QueuedMessage Delivery, ushort PacketId, bool Dup, bool PubRel, uint? Expiry);
}
