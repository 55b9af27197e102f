using Palisade.Model.Items;

namespace Palisade.Model.Tests;

/// <summary>
/// The stage and scenario threat lists, written out from our reading of 7.3.2–7.3.4 and 7.4.2–7.4.5: the letter
/// as printed, and the 6.2 item its text describes.
/// </summary>
public sealed class ThreatListTests
{
    private static readonly SrmCatalogue Catalogue = SrmCatalogue.Default;

    public static TheoryData<string, string[]> StageLists => new()
    {
        { "stage.7.3.2", ["a>a", "g>f", "k>j", "p>o"] },
        { "stage.7.3.3", ["d>d", "h>g", "i>h", "q>p", "r>q", "s>r", "b>b"] },
        { "stage.7.3.4", ["c>c", "l>k", "m>l"] },
    };

    public static TheoryData<string, string[]> ScenarioLists => new()
    {
        { "scenario.7.4.2", ["l>k", "m>l", "p>o", "q>p", "g>f"] },
        { "scenario.7.4.3", ["d>d", "k>j", "e>d.3", "s>r", "r>q"] },
        { "scenario.7.4.4", ["a>a", "b>b", "d>d", "c>c", "h>g", "k>j", "j>i"] },
        { "scenario.7.4.5", ["g>f", "m>l", "d>d", "p>o", "l>k", "n>m", "o>n"] },
    };

    [Theory]
    [MemberData(nameof(StageLists))]
    public void Stage_threat_list_matches_the_standard_published_and_resolved(string stageId, string[] expected)
    {
        var stage = Catalogue.Get<LifecycleStage>(stageId);
        AssertList(expected, stage.Threats);
    }

    [Theory]
    [MemberData(nameof(ScenarioLists))]
    public void Scenario_threat_list_matches_the_standard_published_and_resolved(string scenarioId, string[] expected)
    {
        var scenario = Catalogue.Get<Scenario>(scenarioId);
        AssertList(expected, scenario.Threats.Select(t => t.Reference).ToArray());
        Assert.All(scenario.Threats, t => Assert.Equal(t.Reference.ThreatId, t.ThreatId));
    }

    [Fact]
    public void Clause_7_lettering_is_shifted_by_one_after_d_everywhere()
    {
        var all = Catalogue.LifecycleStages.SelectMany(s => s.Threats).Concat(Catalogue.ScenarioThreats.Select(t => t.Reference));
        foreach (var r in all)
        {
            var printed = r.Published[4];
            var resolved = r.ThreatId["threat.6.2.".Length..];
            if (printed <= 'd')
            {
                Assert.Equal(printed.ToString(), resolved);
                Assert.Equal(ReferenceStatus.Match, r.Status);
            }
            else
            {
                var expected = printed == 'e' ? "d.3" : ((char)(printed - 1)).ToString();
                Assert.Equal(expected, resolved);
                Assert.Equal(ReferenceStatus.Corrected, r.Status);
            }
        }
    }

    [Fact]
    public void A_printed_letter_that_6_2_does_not_have_resolves_with_no_published_item()
    {
        var s = Catalogue.Get<LifecycleStage>("stage.7.3.3").Threats.Single(t => t.Published == "6.2 s)");
        Assert.Null(s.PublishedId);
        Assert.Equal("threat.6.2.r", s.ThreatId);
        Assert.Contains("no item s)", s.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Scenario_threat_ids_are_addressable_and_link_back()
    {
        var t3 = Catalogue.Get<ScenarioThreat>("scenario.7.4.3.T3");
        Assert.Equal("threat.6.2.d.3", t3.ThreatId);
        Assert.Equal("6.2 e)", t3.Reference.Published);
        Assert.Equal("threat.6.2.e", t3.Reference.PublishedId);
        Assert.Equal("scenario.7.4.3", t3.ScenarioId);
        Assert.Equal("T3", t3.Label);
    }

    private static void AssertList(string[] expected, IReadOnlyList<ThreatReference> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            var parts = expected[i].Split('>');
            var r = actual[i];
            Assert.Equal($"6.2 {parts[0]})", r.Published);
            Assert.Equal($"threat.6.2.{parts[1]}", r.ThreatId);
            var differs = parts[0] != parts[1];
            Assert.Equal(differs ? ReferenceStatus.Corrected : ReferenceStatus.Match, r.Status);
            if (differs)
            {
                Assert.False(string.IsNullOrWhiteSpace(r.Reason), $"{r.Published} → {r.ThreatId} has no reason");
            }
        }
    }
}
