namespace Palisade.Assessment.Reports;

/// <summary>How a finding compares with the same finding id in an earlier assessment (<c>--baseline</c>).</summary>
internal enum BaselineState
{
    /// <summary>The id was not in the baseline.</summary>
    New,
    /// <summary>Present in both; severity, applicability and treatment are the same.</summary>
    Unchanged,
    /// <summary>Present in both and still relevant, but its severity, applicability or treatment changed.</summary>
    Changed,
    /// <summary>Open in the baseline; now countered, not applicable, treated, or no longer reported.</summary>
    Fixed,
    /// <summary>In the baseline but not open there, and no longer reported now (its target or reason went away).</summary>
    Removed,
}
