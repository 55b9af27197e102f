using Palisade.Broker.Hooks;

namespace Palisade.Broker.Diagnostics;

/// <summary>
/// Counters of the broker core, for metrics (<see cref="BrokerMetrics"/> publishes them on the "Palisade.Broker" meter).
/// Updated with interlocked adds; read as a consistent-enough snapshot, not atomically as a whole.
/// </summary>
internal sealed class BrokerStats
{
    private long _connectionsAccepted;
    private long _connectionsRefused;
    private long _messagesReceived;
    private long _messagesRefused;
    private long _messagesDelivered;
    private long _droppedOldestQoS0;
    private long _rejectedQueueFull;
    private long _droppedOffline;
    private long _droppedExpired;
    private long _droppedTooLarge;
    private long _deliveriesFiltered;
    private long _protocolViolations;
    private long _queuedBytes;
    private long _slowConsumerDisconnects;
    private long _turnsYielded;

    // Per traffic class, indexed by (int)TrafficClass.
    private readonly long[] _queueShed = new long[3];
    private readonly long[] _queueRejected = new long[3];
    private readonly long[] _nodeShed = new long[3];

    public long ConnectionsAccepted => Volatile.Read(ref _connectionsAccepted);
    public long ConnectionsRefused => Volatile.Read(ref _connectionsRefused);
    /// <summary>PUBLISH packets received from clients (duplicates of QoS 2 excluded).</summary>
    public long MessagesReceived => Volatile.Read(ref _messagesReceived);
    /// <summary>Inbound PUBLISH refused by <see cref="Hooks.IPublishAdmission"/>.</summary>
    public long MessagesRefused => Volatile.Read(ref _messagesRefused);
    /// <summary>PUBLISH packets written to subscribers (retransmissions included).</summary>
    public long MessagesDelivered => Volatile.Read(ref _messagesDelivered);
    /// <summary>Queued QoS 0 messages dropped to make room (any class; also counted per class in <see cref="QueueShed"/>).</summary>
    public long DroppedOldestQoS0 => Volatile.Read(ref _droppedOldestQoS0);
    /// <summary>New messages refused because the session queue was full of what they may not shed (all classes).</summary>
    public long RejectedQueueFull => Volatile.Read(ref _rejectedQueueFull);
    /// <summary>QoS 0 messages for offline sessions (not queued, by design).</summary>
    public long DroppedOffline => Volatile.Read(ref _droppedOffline);
    /// <summary>Messages whose Message Expiry Interval ran out while queued.</summary>
    public long DroppedExpired => Volatile.Read(ref _droppedExpired);
    /// <summary>Messages larger than the subscriber's Maximum Packet Size (dropped per MQTT-3.1.2-25).</summary>
    public long DroppedTooLarge => Volatile.Read(ref _droppedTooLarge);
    /// <summary>Deliveries refused by <see cref="Hooks.IDeliveryFilter"/>.</summary>
    public long DeliveriesFiltered => Volatile.Read(ref _deliveriesFiltered);
    public long ProtocolViolations => Volatile.Read(ref _protocolViolations);
    /// <summary>Readers and writers that gave their thread back with work left (BrokerOptions.TurnMicroseconds).</summary>
    public long TurnsYielded => Volatile.Read(ref _turnsYielded);

    public void TurnYielded() => Interlocked.Increment(ref _turnsYielded);

    /// <summary>All drops of routed messages (overflow of a session queue, node overload, expiry, size).</summary>
    public long TotalDropped =>
        QueueShed(TrafficClass.Bulk) + QueueShed(TrafficClass.Event) + QueueShed(TrafficClass.Control)
        + RejectedQueueFull + NodeShed(TrafficClass.Bulk) + NodeShed(TrafficClass.Event) + NodeShed(TrafficClass.Control)
        + DroppedExpired + DroppedTooLarge;

    /// <summary>Bytes (payload + topic) queued in all sessions of this node now: what the node-wide budget measures.</summary>
    public long QueuedBytes => Volatile.Read(ref _queuedBytes);

    /// <summary>Queued deliveries of <paramref name="trafficClass"/> shed from a full session queue to make room for a newer or higher-class one.</summary>
    public long QueueShed(TrafficClass trafficClass) => Volatile.Read(ref _queueShed[(int)trafficClass]);

    /// <summary>New deliveries of <paramref name="trafficClass"/> refused by a full session queue (nothing it may shed was left).</summary>
    public long QueueRejected(TrafficClass trafficClass) => Volatile.Read(ref _queueRejected[(int)trafficClass]);

    /// <summary>Deliveries of <paramref name="trafficClass"/> shed at routing time because the node's queued bytes were above that class's high-water mark.</summary>
    public long NodeShed(TrafficClass trafficClass) => Volatile.Read(ref _nodeShed[(int)trafficClass]);

    /// <summary>Subscribers disconnected (0x97) because Control for them passed the Control hard limit of their queue.</summary>
    public long SlowConsumerDisconnects => Volatile.Read(ref _slowConsumerDisconnects);

    public void ConnectionAccepted() => Interlocked.Increment(ref _connectionsAccepted);
    public void ConnectionRefused() => Interlocked.Increment(ref _connectionsRefused);
    public void MessageReceived() => Interlocked.Increment(ref _messagesReceived);
    public void MessageRefused() => Interlocked.Increment(ref _messagesRefused);
    public void MessagesDeliveredAdd(int count) => Interlocked.Add(ref _messagesDelivered, count);
    public void QueuedBytesAdd(long delta) => Interlocked.Add(ref _queuedBytes, delta);

    /// <summary>One queued delivery shed from a session queue (QoS 0 ones also count in <see cref="DroppedOldestQoS0"/>).</summary>
    public void QueueShedOne(TrafficClass trafficClass, Mqtt.QualityOfService qos)
    {
        Interlocked.Increment(ref _queueShed[(int)trafficClass]);
        if (qos == Mqtt.QualityOfService.AtMostOnce)
        {
            Interlocked.Increment(ref _droppedOldestQoS0);
        }
    }

    public void QueueFullRejected(TrafficClass trafficClass)
    {
        Interlocked.Increment(ref _rejectedQueueFull);
        Interlocked.Increment(ref _queueRejected[(int)trafficClass]);
    }

    public void NodeShedOne(TrafficClass trafficClass) => Interlocked.Increment(ref _nodeShed[(int)trafficClass]);
    public void SlowConsumerDisconnected() => Interlocked.Increment(ref _slowConsumerDisconnects);
    public void OfflineDropped() => Interlocked.Increment(ref _droppedOffline);
    public void ExpiredDropped() => Interlocked.Increment(ref _droppedExpired);
    public void TooLargeDropped() => Interlocked.Increment(ref _droppedTooLarge);
    public void DeliveryFiltered() => Interlocked.Increment(ref _deliveriesFiltered);
    public void ProtocolViolation() => Interlocked.Increment(ref _protocolViolations);
}
