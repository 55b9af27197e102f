using Palisade.Model.Items;

namespace Palisade.Model.Tests;

/// <summary>docs/srm-model.md carries the table of cross-reference corrections; it must agree with the data.</summary>
public sealed class ModelDocumentTests
{
    private static readonly SrmCatalogue Catalogue = SrmCatalogue.Default;
    private static readonly string Document = File.ReadAllText(Path.Combine(CatalogueIntegrityTests.RepositoryRoot(), "docs", "srm-model.md"));

    [Fact]
    public void Every_corrected_characteristic_reference_is_in_the_corrections_table()
    {
        foreach (var t in Catalogue.Threats.Where(t => t.CharacteristicReference?.Status == ReferenceStatus.Corrected))
        {
            var r = t.CharacteristicReference!;
            var resolved = string.Join(", ", r.ResolvedIds.Select(id => "6.1 " + id[^1] + ")"));
            Assert.Contains($"| `{t.Id}` ({t.Clause}) | {r.Published} | {resolved} | corrected | {r.Reason} |", Document, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_stage_and_scenario_reference_is_in_the_corrections_table()
    {
        var rows = Catalogue.LifecycleStages.SelectMany(s => s.Threats.Select(r => (Where: s.Id, Ref: r)))
            .Concat(Catalogue.ScenarioThreats.Select(st => (Where: st.Id, Ref: st.Reference)));
        foreach (var (where, r) in rows)
        {
            Assert.Contains($"| `{where}` | {r.Published} | `{r.ThreatId}` | {r.Reason ?? "matches"} |", Document, StringComparison.Ordinal);
        }
    }
}
