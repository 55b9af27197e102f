namespace Palisade.Infrastructure.Audit;

/// <summary>A stored audit record: the event, its sequence number, the node, and its link in the hash chain.</summary>
internal sealed record AuditRecord(
    long Seq,
    string TimeUtc,
    string Actor,
    string Action,
    string Target,
    string Outcome,
    string? Reason,
    string? SourceAddress,
    string Node,
    byte[] PreviousHash,
    byte[] Hash);
