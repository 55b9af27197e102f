using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Reports;

/// <summary>
/// The difference between an assessment and an earlier one, keyed on the stable finding id (<c>threat@target</c>).
/// Findings that exist only in the baseline are kept (as <see cref="BaselineEntry.Previous"/>) so reports can list what was fixed.
/// </summary>
internal sealed class BaselineComparison
{
    private readonly Dictionary<string, BaselineEntry> _byId;

    private BaselineComparison(string baselineSource, List<BaselineEntry> entries)
    {
        BaselineSource = baselineSource;
        Entries = entries;
        _byId = entries.ToDictionary(e => e.Id, StringComparer.Ordinal);
    }

    /// <summary>Where the baseline came from (file path as given), for the report header.</summary>
    public string BaselineSource { get; }

    /// <summary>Every id of either assessment: current findings in their order, then baseline-only ones by id.</summary>
    public IReadOnlyList<BaselineEntry> Entries { get; }

    public BaselineState StateOf(Finding finding) => _byId[finding.Id].State;

    public BaselineEntry? Find(string id) => _byId.GetValueOrDefault(id);

    public int Count(BaselineState state) => Entries.Count(e => e.State == state);

    public IEnumerable<BaselineEntry> InState(BaselineState state) => Entries.Where(e => e.State == state);

    public static BaselineComparison Compare(AssessmentResult current, AssessmentResult baseline, string baselineSource)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(baseline);
        var previous = new Dictionary<string, Finding>(StringComparer.Ordinal);
        foreach (var finding in baseline.Findings)
        {
            // A hand-edited baseline could repeat an id; the first one wins, as the engine never emits duplicates.
            previous.TryAdd(finding.Id, finding);
        }

        var entries = new List<BaselineEntry>(current.Findings.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var finding in current.Findings)
        {
            if (!seen.Add(finding.Id))
            {
                continue;
            }

            previous.TryGetValue(finding.Id, out var before);
            entries.Add(new BaselineEntry(finding.Id, Classify(before, finding), finding, before));
        }

        foreach (var before in previous.Values.Where(p => !seen.Contains(p.Id)).OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            var state = FindingStatus.IsOpen(before) ? BaselineState.Fixed : BaselineState.Removed;
            entries.Add(new BaselineEntry(before.Id, state, null, before));
        }

        return new BaselineComparison(baselineSource, entries);
    }

    private static BaselineState Classify(Finding? before, Finding now)
    {
        if (before is null)
        {
            return BaselineState.New;
        }

        if (FindingStatus.IsOpen(before) && !FindingStatus.IsOpen(now))
        {
            return BaselineState.Fixed;
        }

        return before.Severity == now.Severity
            && before.Applicability == now.Applicability
            && before.Treatment == now.Treatment
                ? BaselineState.Unchanged
                : BaselineState.Changed;
    }
}

/// <summary>One finding id across the two assessments.</summary>
/// <param name="Id">Stable finding id.</param>
/// <param name="State">How it compares.</param>
/// <param name="Current">The finding now, or null when only the baseline has it.</param>
/// <param name="Previous">The finding in the baseline, or null when it is new.</param>
internal sealed record BaselineEntry(string Id, BaselineState State, Finding? Current, Finding? Previous)
{
    /// <summary>A short "what changed" text, e.g. <c>severity Medium → High</c>.</summary>
    public string Change
    {
        get
        {
            if (Current is null || Previous is null)
            {
                return string.Empty;
            }

            var parts = new List<string>(3);
            if (Previous.Severity != Current.Severity)
            {
                parts.Add($"severity {Previous.Severity} → {Current.Severity}");
            }

            if (Previous.Applicability != Current.Applicability)
            {
                parts.Add($"applicability {Previous.Applicability} → {Current.Applicability}");
            }

            if (Previous.Treatment != Current.Treatment)
            {
                parts.Add($"treatment {Previous.Treatment} → {Current.Treatment}");
            }

            return string.Join("; ", parts);
        }
    }
}
