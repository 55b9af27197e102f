namespace Palisade.Broker.Sessions;

/// <summary>What happened to one delivery offered to a session.</summary>
internal enum EnqueueResult
{
    /// <summary>Queued.</summary>
    Queued,
    /// <summary>Queued, and the oldest queued deliveries were shed to make room (counted per class in BrokerStats).</summary>
    QueuedDroppedOldest,
    /// <summary>Refused: the queue is full of what this delivery may not shed (overflow policy).</summary>
    RejectedQueueFull,
    /// <summary>Refused Control: the queue holds only Control and reached its Control hard limit (slow consumer; disconnect it).</summary>
    RejectedControlLimit,
    /// <summary>Not queued: QoS 0 to an offline session.</summary>
    DroppedOffline,
    /// <summary>Not queued: the session has ended.</summary>
    SessionEnded,
}
