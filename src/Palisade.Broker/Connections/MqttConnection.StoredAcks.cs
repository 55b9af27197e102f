using Palisade.Broker.Diagnostics;
using Palisade.Broker.Hooks;
using Palisade.Broker.Sessions;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Connections;

/// <summary>
/// Acknowledgement after store (<see cref="IMessageStore"/>): the PUBACK/PUBREC of an admitted QoS 1/2 PUBLISH is
/// held until the store has committed it, without holding up the reader, and released in the order the PUBLISHes
/// arrived (MQTT 5.0 section 4.6), so one publisher's messages share group commits instead of waiting one commit each.
/// </summary>
/// <remarks>
/// While any acknowledgement is held, every later PUBACK/PUBREC of an inbound PUBLISH (refusals, QoS 2 resends, messages
/// the store completed at once) queues behind it, so the order on the wire stays the order of reception. Other control
/// packets (SUBACK, PINGRESP, PUBREL/PUBCOMP) are not held. With no store configured nothing here runs.
/// Held acknowledgements are bounded by the broker's Receive Maximum: at that many, the reader waits for the oldest
/// to be released before it reads on (back-pressure on a publisher that does not honour Receive Maximum, or a 3.1.1
/// client, which has none), so memory per connection stays bounded.
/// </remarks>
internal sealed partial class MqttConnection
{
    // Guarded by _outLock. Acknowledgements waiting for the store, oldest first.
    private Queue<HeldAck>? _heldAcks;
    private TaskCompletionSource? _heldAcksRoom;
    private bool _storeFailed;

    // Reader only: set when the held acknowledgements reached the bound; the reader awaits it before reading on.
    private Task? _waitForHeldAcks;

    private int HeldAckLimit => Math.Max(1, (int)_core.Options.ReceiveMaximum);

    /// <summary>
    /// Queues the acknowledgement of an inbound PUBLISH: at once when nothing is held, otherwise behind what is held.
    /// </summary>
    private void EnqueuePublishAck(MqttPacketType type, ushort packetId, ReasonCode reason)
    {
        lock (_outLock)
        {
            if (_heldAcks is { Count: > 0 } held)
            {
                // Already decided, but must not overtake an earlier one still waiting for the store.
                held.Enqueue(new HeldAck(this, type, packetId, reason));
                return;
            }

            (_control ??= new Queue<ControlItem>()).Enqueue(new ControlItem(null, type, packetId, reason));
        }

        ScheduleWrite();
    }

    /// <summary>Hands an admitted, routed QoS 1/2 message to the store; its acknowledgement follows the commit.</summary>
    private bool StoreThenAcknowledge(IMessageStore store, PublishPacket publish, Session session, MqttPacketType ackType, PublishAdmissionResult admission, CancellationToken cancellationToken)
    {
        var trafficClass = admission.TrafficClass;
#pragma warning disable CA2012 // Consumed exactly once: its result at once when complete, otherwise by HeldAck.Await.
        ValueTask<ReasonCode> pending;
        try
        {
            pending = store.StoreAsync(_identity!, publish, trafficClass, cancellationToken);
        }
#pragma warning disable CA1031 // A failing store is a refusal of this message, never the end of the connection's reader.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            BrokerLog.HookFailed(_core.Logger, ex, nameof(IMessageStore), ConnectionId);
            pending = ValueTask.FromResult(ReasonCode.UnspecifiedError);
        }
#pragma warning restore CA2012

        if (pending.IsCompletedSuccessfully && pending.Result == ReasonCode.Success)
        {
            // Not kept by the store, or kept at once: the fast path, no allocation.
            EnqueuePublishAck(ackType, publish.PacketId, ReasonCode.Success);
            return true;
        }

        // A resend of a message admitted before consumed nothing in admission: a store failure has nothing to give back
        // (and giving back the original's sequence would let a later copy be routed again).
        var held = new HeldAck(this, ackType, publish, session, abandonOnFailure: !admission.Retransmission);
        lock (_outLock)
        {
            var queue = _heldAcks ??= new Queue<HeldAck>();
            queue.Enqueue(held);
            if (queue.Count >= HeldAckLimit && _heldAcksRoom is null)
            {
                _heldAcksRoom = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waitForHeldAcks = _heldAcksRoom.Task;
            }
        }

        // May complete (and release) at once, on this thread, when the store already finished.
        held.Await(pending);
        return true;
    }

    /// <summary>After a PUBLISH was handled: waits for room when too many acknowledgements are held.</summary>
    private ValueTask<bool> AfterPublish(bool keepReading)
    {
        if (_waitForHeldAcks is not { } room)
        {
            return ValueTask.FromResult(keepReading);
        }

        _waitForHeldAcks = null;
        return room.IsCompleted ? ValueTask.FromResult(keepReading) : WaitForHeldAcksAsync(room, keepReading);
    }

    private static async ValueTask<bool> WaitForHeldAcksAsync(Task room, bool keepReading)
    {
        await room.ConfigureAwait(false);
        return keepReading;
    }

    /// <summary>A store finished (any thread): releases, in order, every acknowledgement at the head that is decided.</summary>
    private void OnStored(HeldAck completed, ReasonCode result)
    {
        if (result != ReasonCode.Success && completed.Publish is { } refused)
        {
            // Not stored, so not acknowledged: the publisher may send it again. Admission gives back what it consumed
            // (the anti-replay sequence) before any acknowledgement or close can reach the client, so that the resend is
            // never refused as a replay of a message the platform does not have.
            AbandonAdmitted(refused);
        }

        if (result != ReasonCode.Success && completed.AckType == MqttPacketType.PubRec && IsV5 && completed.Session is { } session)
        {
            // A PUBREC with a failure code ends the QoS 2 flow (5.0 section 4.3.3): the id is free again. Taken before
            // _outLock, the order the rest of the connection uses (session.Sync, then _outLock).
            lock (session.Sync)
            {
                session.IncomingQoS2?.Remove(completed.PacketId);
            }
        }

        var released = false;
        var close = false;
        TaskCompletionSource? room = null;
        lock (_outLock)
        {
            completed.Decide(result);
            var held = _heldAcks!;
            while (held.TryPeek(out var head) && head.Decided)
            {
                held.Dequeue();
                if (_storeFailed || _closing)
                {
                    // After a 3.1.1 store failure nothing more is acknowledged; the connection is closing.
                    continue;
                }

                if (head.Reason != ReasonCode.Success && !IsV5)
                {
                    // 3.1.1 cannot carry the failure: close without acknowledging, so the client sends it again.
                    _storeFailed = true;
                    close = true;
                    continue;
                }

                (_control ??= new Queue<ControlItem>()).Enqueue(new ControlItem(null, head.AckType, head.PacketId, MapStoreResult(head.Reason)));
                released = true;
            }

            if (_heldAcksRoom is not null && (held.Count < HeldAckLimit || _storeFailed))
            {
                room = _heldAcksRoom;
                _heldAcksRoom = null;
            }
        }

        if (close)
        {
            _closeCause ??= "message store refused a message";
            RequestClose(null, "message store refused a message");
        }

        if (released)
        {
            ScheduleWrite();
        }

        room?.TrySetResult();
    }

    private void AbandonAdmitted(PublishPacket publish)
    {
        try
        {
            _core.PublishAdmission.Abandon(_identity!, publish);
        }
#pragma warning disable CA1031 // A failing hook must not keep the acknowledgement back; it is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            BrokerLog.HookFailed(_core.Logger, ex, nameof(IPublishAdmission), ConnectionId);
        }
    }

    /// <summary>The store's verdict as a 5.0 reason: success, or its failure code (anything below 0x80 is not a failure it may claim).</summary>
    private static ReasonCode MapStoreResult(ReasonCode result) =>
        result == ReasonCode.Success || (byte)result >= 0x80 ? result : ReasonCode.UnspecifiedError;

    /// <summary>
    /// One held acknowledgement. A class because the store's completion needs a target; allocated only for messages
    /// the store did not finish at once (or that queue behind those).
    /// </summary>
    private sealed class HeldAck
    {
        private readonly MqttConnection _owner;
        private ValueTask<ReasonCode> _pending;

        /// <summary>An acknowledgement already decided (refusal, resend, immediate store result) queued behind held ones.</summary>
        public HeldAck(MqttConnection owner, MqttPacketType ackType, ushort packetId, ReasonCode reason)
        {
            _owner = owner;
            AckType = ackType;
            PacketId = packetId;
            Reason = reason;
            Decided = true;
        }

        /// <summary>An acknowledgement waiting for the store.</summary>
        public HeldAck(MqttConnection owner, MqttPacketType ackType, PublishPacket publish, Session session, bool abandonOnFailure)
        {
            _owner = owner;
            AckType = ackType;
            PacketId = publish.PacketId;
            Publish = abandonOnFailure ? publish : null;
            Session = session;
        }

        public MqttPacketType AckType { get; }
        public ushort PacketId { get; }
        public Session? Session { get; }

        /// <summary>The message handed to the store, when admission must be told if the store refuses it; otherwise null.</summary>
        public PublishPacket? Publish { get; }

        // Written and read under the owner's _outLock.
        public ReasonCode Reason { get; private set; }
        public bool Decided { get; private set; }

        public void Decide(ReasonCode reason)
        {
            Reason = reason;
            Decided = true;
        }

        public void Await(ValueTask<ReasonCode> pending)
        {
            if (pending.IsCompleted)
            {
                _pending = pending;
                OnCompleted();
                return;
            }

            _pending = pending;
            pending.GetAwaiter().UnsafeOnCompleted(OnCompleted);
        }

        private void OnCompleted()
        {
            ReasonCode result;
            try
            {
                result = _pending.GetAwaiter().GetResult();
            }
#pragma warning disable CA1031 // A failing store is a refusal of this message, never the end of the process.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (ex is not OperationCanceledException)
                {
                    BrokerLog.HookFailed(_owner._core.Logger, ex, nameof(IMessageStore), _owner.ConnectionId);
                }

                result = ReasonCode.UnspecifiedError;
            }

            _pending = default;
            _owner.OnStored(this, result);
        }
    }
}
