namespace Palisade.Assessment.Findings;

/// <summary>
/// Whether a threat applies to a target (after Threat Dragon: applicability is separate from treatment).
/// </summary>
public enum Applicability
{
    /// <summary>The threat applies and is not countered.</summary>
    Open,
    /// <summary>The threat applies and every needed control is present (declared with evidence or enforced live).</summary>
    Countered,
    /// <summary>The description states it does not apply, with a reason (risk tracking).</summary>
    NotApplicable,
}
