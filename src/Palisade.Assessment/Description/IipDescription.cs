namespace Palisade.Assessment.Description;

/// <summary>
/// A whole industrial internet platform as its operator describes it: who takes part, where, which networks,
/// which assets and data flows, which business scenarios of ISO/IEC 24392 7.4 are in use, which controls are in
/// place (with evidence) and what has been decided about earlier findings. Loaded by <see cref="DescriptionLoader"/>.
/// </summary>
/// <param name="Name">Name of the IIP.</param>
/// <param name="SourceName">File the description came from (or a label for one built in memory); used in messages.</param>
/// <param name="AssessedOn">Date against which end-of-support dates are compared; null means the assessment date.</param>
/// <param name="Participants">Organisations taking part (tenants).</param>
/// <param name="Sites">Physical sites, each with its jurisdiction.</param>
/// <param name="Zones">Network zones.</param>
/// <param name="Boundaries">Boundaries between pairs of zones.</param>
/// <param name="Assets">Devices, hosts, applications and services.</param>
/// <param name="Flows">Data flows between assets.</param>
/// <param name="Scenarios">Business scenarios in use, with the role of each participant.</param>
/// <param name="Controls">Controls declared as present, with evidence.</param>
/// <param name="RiskTracking">Decisions about findings (by id or wildcard pattern).</param>
public sealed record IipDescription(
    string Name,
    string SourceName,
    DateOnly? AssessedOn,
    IReadOnlyList<Participant> Participants,
    IReadOnlyList<Site> Sites,
    IReadOnlyList<Zone> Zones,
    IReadOnlyList<Boundary> Boundaries,
    IReadOnlyList<Asset> Assets,
    IReadOnlyList<DataFlow> Flows,
    IReadOnlyList<ScenarioUse> Scenarios,
    IReadOnlyList<DeclaredControl> Controls,
    IReadOnlyList<TrackingEntry> RiskTracking);
