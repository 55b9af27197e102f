namespace Palisade.Infrastructure.Audit;

/// <summary>Filters for <c>palisade audit search</c>; null fields match anything. Times compare on UTC.</summary>
internal sealed record AuditQuery(
    string? Actor = null,
    string? Action = null,
    string? Outcome = null,
    string? Target = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    int Limit = 1000);
