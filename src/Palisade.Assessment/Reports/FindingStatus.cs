using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Reports;

/// <summary>
/// The one place that decides what "open" means for reports, priorities and <c>--fail-on</c>: the threat applies,
/// no control counters it, and risk tracking records no treatment. A finding with a recorded treatment
/// (accepted, transferred, avoided, or mitigated by a measure the description does not evidence) is "treated":
/// still shown, never silently dropped, but it does not fail a pipeline — the decision is the owner's, with a name and a date.
/// </summary>
internal static class FindingStatus
{
    public static bool IsOpen(Finding finding) =>
        finding.Applicability == Applicability.Open && finding.Treatment == Treatment.None;

    public static bool IsTreated(Finding finding) =>
        finding.Applicability == Applicability.Open && finding.Treatment != Treatment.None;

    /// <summary>One word for tables: open, treated (with the treatment), countered, not applicable.</summary>
    public static string Label(Finding finding) => finding.Applicability switch
    {
        Applicability.Countered => "countered",
        Applicability.NotApplicable => "not applicable",
        _ when finding.Treatment != Treatment.None => finding.Treatment.ToString().ToLowerInvariant(),
        _ => "open",
    };

    public static string SeverityName(Severity severity) => severity.ToString();

    /// <summary>
    /// Priority class of an open finding for objective 8.1 g (priority rating of newly identified risks):
    /// P1 must be mitigated first.
    /// </summary>
    public static string Priority(Severity severity) => severity switch
    {
        Severity.Critical => "P1",
        Severity.High => "P2",
        Severity.Medium => "P3",
        _ => "P4",
    };

    /// <summary>
    /// Open findings in priority order: severity, then likelihood × impact, then impact, then id (ordinal) so the
    /// order is total and the same on every run.
    /// </summary>
    public static IReadOnlyList<Finding> OpenByPriority(IEnumerable<Finding> findings) =>
        findings.Where(IsOpen)
            .OrderByDescending(f => f.Severity)
            .ThenByDescending(f => f.Likelihood * f.Impact)
            .ThenByDescending(f => f.Impact)
            .ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToList();

    /// <summary>Highest severity among the open findings, or null when none is open.</summary>
    public static Severity? HighestOpen(IEnumerable<Finding> findings)
    {
        Severity? highest = null;
        foreach (var finding in findings)
        {
            if (IsOpen(finding) && (highest is null || finding.Severity > highest))
            {
                highest = finding.Severity;
            }
        }

        return highest;
    }

    /// <summary>The findings at or above <paramref name="threshold"/> that are open (what <c>--fail-on</c> counts).</summary>
    public static int CountOpenAtOrAbove(IEnumerable<Finding> findings, Severity threshold) =>
        findings.Count(f => IsOpen(f) && f.Severity >= threshold);
}
