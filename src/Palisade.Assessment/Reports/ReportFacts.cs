using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Reports;

/// <summary>
/// The numbers both human-readable reports show, computed once: counts by severity and status, open findings by
/// priority, the domain × life-cycle matrix and the per-scenario views. Every list is in a fixed order.
/// </summary>
internal sealed class ReportFacts
{
    private static readonly Severity[] SeveritiesDescending = [Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Info];

    public ReportFacts(ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var findings = context.Result.Findings;
        OpenByPriority = FindingStatus.OpenByPriority(findings);
        SeverityRows = SeveritiesDescending
            .Select(s => new SeverityRow(
                s,
                findings.Count(f => f.Severity == s && FindingStatus.IsOpen(f)),
                findings.Count(f => f.Severity == s && FindingStatus.IsTreated(f)),
                findings.Count(f => f.Severity == s && f.Applicability == Applicability.Countered),
                findings.Count(f => f.Severity == s && f.Applicability == Applicability.NotApplicable)))
            .ToList();

        Domains = context.Catalogue.Domains.Count > 0
            ? context.Catalogue.Domains
            : DistinctIds(findings.SelectMany(f => f.DomainIds), context.Catalogue);
        Stages = context.Catalogue.Stages.Count > 0
            ? context.Catalogue.Stages
            : DistinctIds(findings.SelectMany(f => f.StageIds), context.Catalogue);

        var cells = new List<MatrixCell>(Domains.Count * Stages.Count);
        foreach (var domain in Domains)
        {
            foreach (var stage in Stages)
            {
                var inCell = findings.Where(f => Contains(f.DomainIds, domain.Id) && Contains(f.StageIds, stage.Id)).ToList();
                cells.Add(new MatrixCell(
                    domain,
                    stage,
                    inCell.Count(FindingStatus.IsOpen),
                    inCell.Count(f => f.Applicability == Applicability.Countered),
                    inCell.Count(FindingStatus.IsTreated),
                    FindingStatus.HighestOpen(inCell)));
            }
        }

        Matrix = cells;
        var domainIds = Domains.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var stageIds = Stages.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        OpenOutsideMatrix = OpenByPriority.Count(f => !f.DomainIds.Any(domainIds.Contains) || !f.StageIds.Any(stageIds.Contains));

        Scenarios = context.Result.ScenarioIds
            .Distinct(StringComparer.Ordinal)
            .Select(id => BuildScenario(id, context))
            .ToList();
    }

    public IReadOnlyList<Finding> OpenByPriority { get; }

    public IReadOnlyList<SeverityRow> SeverityRows { get; }

    public IReadOnlyList<CatalogueEntry> Domains { get; }

    public IReadOnlyList<CatalogueEntry> Stages { get; }

    public IReadOnlyList<MatrixCell> Matrix { get; }

    /// <summary>Open findings the matrix cannot place (no domain, or a threat no stage of 7.3 lists).</summary>
    public int OpenOutsideMatrix { get; }

    public IReadOnlyList<ScenarioView> Scenarios { get; }

    public MatrixCell Cell(CatalogueEntry domain, CatalogueEntry stage) =>
        Matrix.First(c => ReferenceEquals(c.Domain, domain) && ReferenceEquals(c.Stage, stage));

    private static ScenarioView BuildScenario(string scenarioId, ReportContext context)
    {
        var scenario = context.Catalogue.Scenario(scenarioId);
        var findings = context.Result.Findings;
        if (scenario is null)
        {
            // Unknown to this catalogue: still show the findings that name a Tn under this scenario id.
            var prefix = scenarioId + ".";
            var threats = findings
                .SelectMany(f => f.ScenarioThreatIds)
                .Where(t => t.StartsWith(prefix, StringComparison.Ordinal))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .Select(t => new ScenarioThreatEntry(t, t[prefix.Length..], t, t))
                .ToList();
            scenario = new ScenarioEntry(scenarioId, scenarioId, null, threats);
        }

        var rows = scenario.Threats
            .Select(t =>
            {
                var under = findings.Where(f => Contains(f.ScenarioThreatIds, t.Id)).ToList();
                return new ScenarioThreatView(t, under, FindingStatus.HighestOpen(under), under.Count(FindingStatus.IsOpen));
            })
            .ToList();
        return new ScenarioView(scenario, rows);
    }

    private static List<CatalogueEntry> DistinctIds(IEnumerable<string> ids, ReportCatalogue catalogue) =>
        ids.Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(id => catalogue.Find(id) ?? new CatalogueEntry(id, id, null, null))
            .ToList();

    private static bool Contains(IReadOnlyList<string> ids, string id)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (string.Equals(ids[i], id, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

internal sealed record SeverityRow(Severity Severity, int Open, int Treated, int Countered, int NotApplicable);

internal sealed record MatrixCell(CatalogueEntry Domain, CatalogueEntry Stage, int Open, int Countered, int Treated, Severity? HighestOpen);

internal sealed record ScenarioView(ScenarioEntry Scenario, IReadOnlyList<ScenarioThreatView> Threats);

internal sealed record ScenarioThreatView(ScenarioThreatEntry Threat, IReadOnlyList<Finding> Findings, Severity? HighestOpen, int Open);
