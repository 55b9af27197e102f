namespace Palisade.Assessment.Findings;

/// <summary>Risk treatment recorded in the description's risk tracking for a finding.</summary>
public enum Treatment
{
    /// <summary>Nothing recorded.</summary>
    None,
    Mitigated,
    Accepted,
    Transferred,
    Avoided,
}
