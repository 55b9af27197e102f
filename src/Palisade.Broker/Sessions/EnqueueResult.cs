namespace Palisade.Broker.Sessions;

/// <summary>What happened to one delivery offered to a session.</summary>
internal enum EnqueueResult
{
    /// <summary>Queued.</summary>
    Queued,
    /// <summary>Queued, and the oldest queued QoS 0 message was dropped to make room.</summary>
    QueuedDroppedOldest,
    /// <summary>Refused: the queue is full of QoS 1/2 messages (overflow policy).</summary>
    RejectedQueueFull,
    /// <summary>Not queued: QoS 0 to an offline session.</summary>
    DroppedOffline,
    /// <summary>Not queued: the session has ended.</summary>
    SessionEnded,
}
