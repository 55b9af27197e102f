using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class ApplicationChangeRuleTests
{
    private readonly ApplicationChangeRule _rule = new();

    private static DescriptionBuilder Plant(string peer) => new DescriptionBuilder()
        .Add("app", AssetKind.Application, "cloud", a => a with { Publisher = "plant-co" })
        .Add("plc1", AssetKind.Plc, "prod")
        .Add("db", AssetKind.Server, "cloud")
        .Flow("f1", "app", peer, DataClass.Control);

    [Fact]
    public void Applies_to_an_application_commanding_devices()
    {
        Open(_rule, Plant("plc1").Build(), "asset:app");
        Assert.Equal((3, 4), (Single(_rule, Plant("plc1").Build(), "asset:app").Likelihood, Single(_rule, Plant("plc1").Build(), "asset:app").Impact));
    }

    [Fact]
    public void Does_not_apply_to_an_application_without_devices() => Absent(_rule, Plant("db").Build(), "asset:app");

    [Fact]
    public void Is_countered_by_declared_controls() => Countered(_rule, Plant("plc1"), "asset:app");
}
