using Palisade.Assessment.Engine;
using Palisade.Model;
using Palisade.Model.Items;

namespace Palisade.Assessment.Reports;

/// <summary>
/// What the report writers need from the SRM catalogue: a title for every id, the threats (SARIF rules), the four
/// security domains and three life-cycle stages (the HTML matrix) and the business scenarios with their Tn threats.
/// Kept as plain data so the writers are tested without the catalogue, and so any catalogue version can feed them.
/// </summary>
internal sealed class ReportCatalogue
{
    private static readonly Lazy<ReportCatalogue> LazyDefault = new(() => From(SrmCatalogue.Default, RuleRegistry.Default.Rules.Select(r => r.Metadata)));

    private readonly Dictionary<string, CatalogueEntry> _entries;
    private readonly IReadOnlyList<CatalogueEntry>? _rules;

    public ReportCatalogue(
        IEnumerable<CatalogueEntry> entries,
        IReadOnlyList<CatalogueEntry> domains,
        IReadOnlyList<CatalogueEntry> stages,
        IReadOnlyList<ScenarioEntry> scenarios,
        IReadOnlyList<CatalogueEntry>? rules = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = new Dictionary<string, CatalogueEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            _entries[entry.Id] = entry;
        }

        _rules = rules;
        Domains = domains;
        Stages = stages;
        Scenarios = scenarios;
        foreach (var entry in domains.Concat(stages))
        {
            _entries.TryAdd(entry.Id, entry);
        }

        foreach (var scenario in scenarios)
        {
            _entries.TryAdd(scenario.Id, new CatalogueEntry(scenario.Id, scenario.Title, scenario.Clause, null));
        }
    }

    /// <summary>A catalogue that knows no titles: the writers fall back to ids and derive domains/stages from findings.</summary>
    public static ReportCatalogue Empty { get; } = new([], [], [], []);

    /// <summary>Security domains of 7.2 in clause order.</summary>
    public IReadOnlyList<CatalogueEntry> Domains { get; }

    /// <summary>Life-cycle stages of 7.3 in clause order.</summary>
    public IReadOnlyList<CatalogueEntry> Stages { get; }

    /// <summary>Business scenarios of 7.4 in clause order, each with its Tn threats.</summary>
    public IReadOnlyList<ScenarioEntry> Scenarios { get; }

    /// <summary>The built-in catalogue and the engine's rules.</summary>
    public static ReportCatalogue Default => LazyDefault.Value;

    /// <summary>The assessment's rules (one per threat item), ordered by id; without a rule list, every threat item.</summary>
    public IEnumerable<CatalogueEntry> Rules =>
        (_rules ?? _entries.Values.Where(e => e.Id.StartsWith("threat.", StringComparison.Ordinal)))
            .OrderBy(e => e.Id, StringComparer.Ordinal);

    /// <summary>The report view of the SRM catalogue: every item's title and clause, the matrix axes, the scenarios with their Tn.</summary>
    public static ReportCatalogue From(SrmCatalogue catalogue, IEnumerable<RuleMetadata> rules)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(rules);
        static CatalogueEntry Entry(CatalogueItem item) => new(item.Id, item.Title, item.Clause, item.Description);
        var ruleEntries = rules
            .Select(r => catalogue.TryGet<Threat>(r.Id, out var threat)
                ? new CatalogueEntry(r.Id, threat.Title, threat.Clause, threat.Description + " Palisade reports it when " + r.AppliesWhen.TrimEnd('.') + ".")
                : new CatalogueEntry(r.Id, r.Title, null, r.AppliesWhen))
            .ToList();
        return new ReportCatalogue(
            catalogue.Items.Select(Entry),
            catalogue.Domains.Select(Entry).ToList(),
            catalogue.LifecycleStages.Select(Entry).ToList(),
            catalogue.Scenarios
                .Select(s => new ScenarioEntry(s.Id, s.Title, s.Clause, s.Threats.Select(t => new ScenarioThreatEntry(t.Id, t.Label, t.ThreatId, t.Description)).ToList()))
                .ToList(),
            ruleEntries);
    }

    public CatalogueEntry? Find(string id) => _entries.GetValueOrDefault(id);

    /// <summary>The title of an item, or the id itself when the catalogue does not know it.</summary>
    public string Title(string id) => _entries.TryGetValue(id, out var entry) ? entry.Title : id;

    public ScenarioEntry? Scenario(string id) => Scenarios.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.Ordinal));
}

/// <summary>One catalogue item as the reports show it.</summary>
/// <param name="Id">Stable id, e.g. <c>control.8.2.4.e</c>.</param>
/// <param name="Title">Short title in our words.</param>
/// <param name="Clause">Clause reference, e.g. <c>8.2.4 e)</c>, if known.</param>
/// <param name="Description">Longer text, if known.</param>
internal sealed record CatalogueEntry(string Id, string Title, string? Clause, string? Description);

/// <summary>A business scenario of 7.4 and its numbered threats.</summary>
internal sealed record ScenarioEntry(string Id, string Title, string? Clause, IReadOnlyList<ScenarioThreatEntry> Threats);

/// <summary>One Tn of a business scenario.</summary>
/// <param name="Id">Id that <see cref="Findings.Finding.ScenarioThreatIds"/> refers to.</param>
/// <param name="Label">T1, T2, ...</param>
/// <param name="ThreatId">The threat item of 6.2 it resolves to.</param>
/// <param name="Title">What the scenario says is at risk, in our words.</param>
internal sealed record ScenarioThreatEntry(string Id, string Label, string ThreatId, string Title);
