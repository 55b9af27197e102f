using System.Collections.Concurrent;
using Palisade.Infrastructure.Audit;

namespace Palisade.Tests.Edge.Admission;

/// <summary>An audit log that keeps what it is given, for unit tests of what admission records.</summary>
internal sealed class RecordingAuditLog : IAuditLog
{
    private readonly ConcurrentQueue<AuditEvent> _events = new();

    public IReadOnlyList<AuditEvent> Events => [.. _events];

    public long LostCount => 0;

    public ValueTask WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        _events.Enqueue(auditEvent);
        return ValueTask.CompletedTask;
    }

    public bool TryWrite(AuditEvent auditEvent)
    {
        _events.Enqueue(auditEvent);
        return true;
    }
}
