using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Generation;

namespace Palisade.Assessment.Tests.Engine;

public sealed class FindingSorterTests
{
    [Fact]
    public void Bucketed_sort_gives_the_same_order_as_FindingOrder()
    {
        var findings = AssessmentEngine.Assess(DescriptionGenerator.Generate(1_000, 2_000)).Findings.Reverse().ToList();
        var expected = findings.Order(FindingOrder.Instance).ToList();

        Assert.Equal(expected, FindingSorter.Sort(findings));
    }

    [Fact]
    public void Sort_stays_ordinal_when_one_threat_id_is_a_prefix_of_another_and_ids_share_long_prefixes()
    {
        // "threat.x@..." sorts after "threat.x.1@..." ordinally ('.' < '@'): grouping by threat would get this wrong.
        var template = AssessmentEngine.Assess(DescriptionGenerator.Generate(200, 400)).Findings[0];
        string[] ids =
        [
            "threat.x@asset:aaaaaaaaaaaaaaaa2", "threat.x@asset:aaaaaaaaaaaaaaaa1", "threat.x.1@asset:b",
            "threat.x@asset:a", "threat.x.1@asset:a", "threat.x@asset:aaaaaaaaaaaaaaaa", "threat.x@asset:a\u0000",
        ];
        var findings = ids.Select(id => template with { Id = id, ThreatId = id[..id.IndexOf('@', StringComparison.Ordinal)], Severity = Severity.High })
            .Append(template with { Id = "threat.x@zone:z", ThreatId = "threat.x", Severity = Severity.Critical })
            .ToList();
        var expected = findings.Order(FindingOrder.Instance).Select(f => f.Id).ToList();

        Assert.Equal(expected, FindingSorter.Sort(findings).Select(f => f.Id));
        Assert.Equal("threat.x@zone:z", expected[0]);
    }

    [Fact]
    public void A_loaded_description_changed_after_loading_is_checked_again()
    {
        var loaded = DescriptionLoader.Load(Path.Combine(AppContext.BaseDirectory, "Descriptions", "plant.yaml"));
        var broken = loaded with { Assets = [loaded.Assets[0] with { Zone = "nowhere" }, .. loaded.Assets.Skip(1)] };

        Assert.NotEmpty(AssessmentEngine.Assess(loaded).Findings);
        Assert.Throws<DescriptionException>(() => AssessmentEngine.Assess(broken));
    }
}
