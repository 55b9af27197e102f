namespace Palisade.Assessment.Findings;

/// <summary>
/// One threat at one target of an IIP description. <see cref="Id"/> is stable across runs (<c>threat@target</c>,
/// e.g. <c>threat.6.2.k.2@asset:press-line-3</c>) so risk tracking and baselines can key on it.
/// </summary>
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
public sealed record Finding(
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
    TrackingNote? Tracking);

/// <summary>What the description's risk tracking says about a finding.</summary>
public sealed record TrackingNote(string Match, string Status, string? Justification, string? Owner, DateOnly? Date);
