namespace Palisade.Infrastructure.Audit;

/// <summary>
/// Where security decisions leave evidence. Writing never touches the disk on the caller's thread: events go into a
/// bounded queue and a background writer commits them in batches.
/// When the queue is full:
/// - <see cref="WriteAsync"/> waits for room (back-pressure). Use it for every security decision — connect,
///   subscribe, refused publish, provisioning: the decision is held until its evidence is queued, so a flood of
///   refusals slows the flooder, never erases the record. Only the caller waits; other connections keep flowing.
/// - <see cref="TryWrite"/> does not wait; it returns false and counts the loss in <see cref="LostCount"/>, and the
///   writer then records an "audit.lost" alert with the count in the chain itself, so a loss is never silent. Use it
///   only where waiting is impossible, and fail closed on false when the event was a security decision.
/// </summary>
internal interface IAuditLog
{
    ValueTask WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);

    bool TryWrite(AuditEvent auditEvent);

    /// <summary>Events refused by <see cref="TryWrite"/> since start (each is reported by an audit.lost record).</summary>
    long LostCount { get; }
}
