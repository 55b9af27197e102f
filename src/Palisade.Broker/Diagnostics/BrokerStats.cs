namespace Palisade.Broker.Diagnostics;

/// <summary>
/// Counters of the broker core, for metrics and for later issues (traffic classes, rate limits) to observe.
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

    public long ConnectionsAccepted => Volatile.Read(ref _connectionsAccepted);
    public long ConnectionsRefused => Volatile.Read(ref _connectionsRefused);
    /// <summary>PUBLISH packets received from clients (duplicates of QoS 2 excluded).</summary>
    public long MessagesReceived => Volatile.Read(ref _messagesReceived);
    /// <summary>Inbound PUBLISH refused by <see cref="Hooks.IPublishAdmission"/>.</summary>
    public long MessagesRefused => Volatile.Read(ref _messagesRefused);
    /// <summary>PUBLISH packets written to subscribers (retransmissions included).</summary>
    public long MessagesDelivered => Volatile.Read(ref _messagesDelivered);
    /// <summary>Queued QoS 0 messages dropped to make room (overflow policy, step 1).</summary>
    public long DroppedOldestQoS0 => Volatile.Read(ref _droppedOldestQoS0);
    /// <summary>New messages refused because the queue was full of QoS 1/2 (overflow policy, step 2).</summary>
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

    /// <summary>All drops of routed messages (overflow, expiry, size).</summary>
    public long TotalDropped => DroppedOldestQoS0 + RejectedQueueFull + DroppedExpired + DroppedTooLarge;

    public void ConnectionAccepted() => Interlocked.Increment(ref _connectionsAccepted);
    public void ConnectionRefused() => Interlocked.Increment(ref _connectionsRefused);
    public void MessageReceived() => Interlocked.Increment(ref _messagesReceived);
    public void MessageRefused() => Interlocked.Increment(ref _messagesRefused);
    public void MessagesDeliveredAdd(int count) => Interlocked.Add(ref _messagesDelivered, count);
    public void OldestQoS0Dropped() => Interlocked.Increment(ref _droppedOldestQoS0);
    public void QueueFullRejected() => Interlocked.Increment(ref _rejectedQueueFull);
    public void OfflineDropped() => Interlocked.Increment(ref _droppedOffline);
    public void ExpiredDropped() => Interlocked.Increment(ref _droppedExpired);
    public void TooLargeDropped() => Interlocked.Increment(ref _droppedTooLarge);
    public void DeliveryFiltered() => Interlocked.Increment(ref _deliveriesFiltered);
    public void ProtocolViolation() => Interlocked.Increment(ref _protocolViolations);
}
