namespace Palisade.Infrastructure.Storage;

/// <summary>One state change of a participant, device or application, in registry order.</summary>
internal sealed record StateChange(long Seq, string Kind, string Id, string State, DateTimeOffset ChangedUtc);
