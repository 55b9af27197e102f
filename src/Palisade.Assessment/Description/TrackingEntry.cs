namespace Palisade.Assessment.Description;

/// <summary>
/// A decision about findings: an exact finding id (<c>threat.6.2.k.2@asset:plc-1</c>) or a pattern where <c>*</c>
/// matches any run of characters (<c>threat.6.2.g.*@asset:*</c>).
/// </summary>
public sealed record TrackingEntry(string Match, TrackingStatus Status, string? Justification, string? Owner, DateOnly? Date);

/// <summary>Status recorded for a finding.</summary>
public enum TrackingStatus
{
    Open,
    Mitigated,
    Accepted,
    Transferred,
    Avoided,
    NotApplicable,
}
