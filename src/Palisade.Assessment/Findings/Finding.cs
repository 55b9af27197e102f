using System.Runtime.CompilerServices;

namespace Palisade.Assessment.Findings;

/// <summary>
/// One threat at one target of an IIP description. <see cref="Id"/> is stable across runs (<c>threat@target</c>,
/// e.g. <c>threat.6.2.k.2@asset:press-line-3</c>) so risk tracking and baselines can key on it.
/// </summary>
/// <remarks>
/// A finding built by the assessment composes its <see cref="Id"/> from the threat and target when first read, and
/// formats its <see cref="Title"/> and <see cref="Rationale"/> from the facts the rule recorded each time they are
/// read: an assessment of 100,000 assets yields half a million findings, and building three strings for each, most
/// of which only a report ever reads, was a third of its cost (docs/benchmarks-assessment.md). What is read is the
/// same text, byte for byte, as building it eagerly gave. Equality compares the values of the properties.
/// </remarks>
public sealed record Finding
{
    private readonly FindingText _text;
    private readonly bool _composedId;
    private string? _id;

    /// <summary>A finding with every value given (as read back from a JSON report).</summary>
    /// <param name="Id">Stable id: <c>{ThreatId}@{TargetKind}:{TargetId}</c>.</param>
    /// <param name="ThreatId">Catalogue id of the threat item, e.g. <c>threat.6.2.k.2</c>.</param>
    /// <param name="RuleId">Id of the rule that produced it (normally equal to <see cref="ThreatId"/>).</param>
    /// <param name="TargetKind">asset, flow, zone, participant, site or platform.</param>
    /// <param name="TargetId">Id of the target in the description.</param>
    /// <param name="Title">Short statement in our words of what is at risk where.</param>
    /// <param name="Rationale">Why the rule decided the threat applies here (which characteristics, which facts of the description).</param>
    /// <param name="Likelihood">1 (rare) to 5 (almost certain).</param>
    /// <param name="Impact">1 (negligible) to 5 (severe).</param>
    /// <param name="Severity">From likelihood × impact, lowered when countered.</param>
    /// <param name="Applicability">Open, countered or not applicable.</param>
    /// <param name="Treatment">From risk tracking, if any.</param>
    /// <param name="Controls">The controls that would counter it, each with its presence.</param>
    /// <param name="ObjectiveIds">Objectives (8.1) the catalogue maps to the threat, plus those served by the controls asked for.</param>
    /// <param name="DomainIds">Security domains (7.2) of the target.</param>
    /// <param name="StageIds">Life-cycle stages (7.3) whose threat list names the threat, narrowed to the target's own stage when that is one of them.</param>
    /// <param name="ScenarioThreatIds">Business-scenario threats (Tn of 7.4) the finding falls under, for the scenarios the description uses.</param>
    /// <param name="Tracking">The risk-tracking entry that matched, if any (justification, owner, date).</param>
#pragma warning disable CA1707 // Parameter names are the property names, as a positional record had them: the JSON reader binds them by name.
    public Finding(
        string Id,
        string ThreatId,
        string RuleId,
        string TargetKind,
        string TargetId,
        string Title,
        string Rationale,
        int Likelihood,
        int Impact,
        Severity Severity,
        Applicability Applicability,
        Treatment Treatment,
        IReadOnlyList<ControlStatus> Controls,
        IReadOnlyList<string> ObjectiveIds,
        IReadOnlyList<string> DomainIds,
        IReadOnlyList<string> StageIds,
        IReadOnlyList<string> ScenarioThreatIds,
        TrackingNote? Tracking)
        : this(new FixedFindingText(Title, Rationale), ThreatId, RuleId, TargetKind, TargetId, Likelihood, Impact, Severity, Applicability, Treatment, Controls, ObjectiveIds, DomainIds, StageIds, ScenarioThreatIds, Tracking)
#pragma warning restore CA1707
    {
        _id = Id;
    }

    /// <summary>A finding whose id is <c>{threatId}@{targetKind}:{targetId}</c>, composed when first read.</summary>
    /// <remarks>Optimised at first call: half a million calls in a cold process would otherwise run unoptimised code.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal Finding(
        FindingText text,
        string threatId,
        string ruleId,
        string targetKind,
        string targetId,
        int likelihood,
        int impact,
        Severity severity,
        Applicability applicability,
        Treatment treatment,
        IReadOnlyList<ControlStatus> controls,
        IReadOnlyList<string> objectiveIds,
        IReadOnlyList<string> domainIds,
        IReadOnlyList<string> stageIds,
        IReadOnlyList<string> scenarioThreatIds,
        TrackingNote? tracking)
    {
        _text = text;
        _composedId = true;
        ThreatId = threatId;
        RuleId = ruleId;
        TargetKind = targetKind;
        TargetId = targetId;
        Likelihood = likelihood;
        Impact = impact;
        Severity = severity;
        Applicability = applicability;
        Treatment = treatment;
        Controls = controls;
        ObjectiveIds = objectiveIds;
        DomainIds = domainIds;
        StageIds = stageIds;
        ScenarioThreatIds = scenarioThreatIds;
        Tracking = tracking;
    }

    /// <summary>
    /// A copy for a <c>with</c> expression: it keeps the original's id, as a positional record did, whatever
    /// <c>with</c> then sets (so ids are composed only for findings that are copied, i.e. tracked ones).
    /// </summary>
    private Finding(Finding original)
    {
        _text = original._text;
        _id = original.Id;
        ThreatId = original.ThreatId;
        RuleId = original.RuleId;
        TargetKind = original.TargetKind;
        TargetId = original.TargetId;
        Likelihood = original.Likelihood;
        Impact = original.Impact;
        Severity = original.Severity;
        Applicability = original.Applicability;
        Treatment = original.Treatment;
        Controls = original.Controls;
        ObjectiveIds = original.ObjectiveIds;
        DomainIds = original.DomainIds;
        StageIds = original.StageIds;
        ScenarioThreatIds = original.ScenarioThreatIds;
        Tracking = original.Tracking;
    }

    /// <summary>Stable id: <c>{ThreatId}@{TargetKind}:{TargetId}</c>.</summary>
    public string Id
    {
        get => _id ??= ComposeId(ThreatId, TargetKind, TargetId);
        init => _id = value;
    }

    /// <summary>Catalogue id of the threat item, e.g. <c>threat.6.2.k.2</c>.</summary>
    public string ThreatId { get; init; }

    /// <summary>Id of the rule that produced it (normally equal to <see cref="ThreatId"/>).</summary>
    public string RuleId { get; init; }

    /// <summary>asset, flow, zone, participant, site or platform.</summary>
    public string TargetKind { get; init; }

    /// <summary>Id of the target in the description.</summary>
    public string TargetId { get; init; }

    /// <summary>Short statement in our words of what is at risk where.</summary>
    public string Title
    {
        get => _text.Title;
        init => _text = new FixedFindingText(value, _text.Rationale);
    }

    /// <summary>Why the rule decided the threat applies here (which characteristics, which facts of the description).</summary>
    public string Rationale
    {
        get => _text.Rationale;
        init => _text = new FixedFindingText(_text.Title, value);
    }

    /// <summary>1 (rare) to 5 (almost certain).</summary>
    public int Likelihood { get; init; }

    /// <summary>1 (negligible) to 5 (severe).</summary>
    public int Impact { get; init; }

    /// <summary>From likelihood × impact, lowered when countered.</summary>
    public Severity Severity { get; init; }

    /// <summary>Open, countered or not applicable.</summary>
    public Applicability Applicability { get; init; }

    /// <summary>From risk tracking, if any.</summary>
    public Treatment Treatment { get; init; }

    /// <summary>The controls that would counter it, each with its presence.</summary>
    public IReadOnlyList<ControlStatus> Controls { get; init; }

    /// <summary>Objectives (8.1) the catalogue maps to the threat, plus those served by the controls asked for.</summary>
    public IReadOnlyList<string> ObjectiveIds { get; init; }

    /// <summary>Security domains (7.2) of the target.</summary>
    public IReadOnlyList<string> DomainIds { get; init; }

    /// <summary>Life-cycle stages (7.3) whose threat list names the threat, narrowed to the target's own stage when that is one of them.</summary>
    public IReadOnlyList<string> StageIds { get; init; }

    /// <summary>Business-scenario threats (Tn of 7.4) the finding falls under, for the scenarios the description uses.</summary>
    public IReadOnlyList<string> ScenarioThreatIds { get; init; }

    /// <summary>The risk-tracking entry that matched, if any (justification, owner, date).</summary>
    public TrackingNote? Tracking { get; init; }

    /// <summary>
    /// True when <see cref="Id"/> is, by construction, <c>{ThreatId}@{TargetKind}:{TargetId}</c> (the sorter then
    /// orders by threat and target without reading the id).
    /// </summary>
    internal bool HasComposedId => _composedId;

    /// <summary>Equal when every property is equal (lists by reference, as the positional record compared them).</summary>
    public bool Equals(Finding? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (string.Equals(Id, other.Id, StringComparison.Ordinal)
                && string.Equals(ThreatId, other.ThreatId, StringComparison.Ordinal)
                && string.Equals(RuleId, other.RuleId, StringComparison.Ordinal)
                && string.Equals(TargetKind, other.TargetKind, StringComparison.Ordinal)
                && string.Equals(TargetId, other.TargetId, StringComparison.Ordinal)
                && string.Equals(Title, other.Title, StringComparison.Ordinal)
                && string.Equals(Rationale, other.Rationale, StringComparison.Ordinal)
                && Likelihood == other.Likelihood
                && Impact == other.Impact
                && Severity == other.Severity
                && Applicability == other.Applicability
                && Treatment == other.Treatment
                && ReferenceEquals(Controls, other.Controls)
                && ReferenceEquals(ObjectiveIds, other.ObjectiveIds)
                && ReferenceEquals(DomainIds, other.DomainIds)
                && ReferenceEquals(StageIds, other.StageIds)
                && ReferenceEquals(ScenarioThreatIds, other.ScenarioThreatIds)
                && Equals(Tracking, other.Tracking)));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Id), Severity, Applicability, Treatment);

    private static string ComposeId(string threatId, string kind, string targetId) =>
        string.Create(threatId.Length + 1 + kind.Length + 1 + targetId.Length, (threatId, kind, targetId), static (span, state) =>
        {
            state.threatId.CopyTo(span);
            span[state.threatId.Length] = '@';
            var rest = span[(state.threatId.Length + 1)..];
            state.kind.CopyTo(rest);
            rest[state.kind.Length] = ':';
            state.targetId.CopyTo(rest[(state.kind.Length + 1)..]);
        });
}

/// <summary>What the description's risk tracking says about a finding.</summary>
public sealed record TrackingNote(string Match, string Status, string? Justification, string? Owner, DateOnly? Date);
