using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class WrongPlatformDecisionRuleTests
{
    private readonly WrongPlatformDecisionRule _rule = new();

    private static DescriptionBuilder Plant(DataClass dataClass, string from = "cloud-svc") => new DescriptionBuilder()
        .Add("plc1", AssetKind.Plc, "prod")
        .Add("hmi", AssetKind.Host, "prod")
        .Flow("f1", from, "plc1", dataClass);

    [Fact]
    public void Applies_to_commands_from_the_cloud_into_production()
    {
        Open(_rule, Plant(DataClass.Control).Build(), "flow:f1");
        var finding = Single(_rule, Plant(DataClass.Control).Scenario("scenario.7.4.2").Build(), "flow:f1");
        Assert.Equal(["scenario.7.4.2.T3"], finding.ScenarioThreatIds);
        Assert.Contains("objective.8.1.d", finding.ObjectiveIds);
    }

    [Fact]
    public void Does_not_apply_to_data_that_is_not_a_command() => Absent(_rule, Plant(DataClass.Sensitive).Build(), "flow:f1");

    [Fact]
    public void Does_not_apply_to_commands_from_inside_the_plant() => Absent(_rule, Plant(DataClass.Control, from: "hmi").Build(), "flow:f1");

    [Fact]
    public void Is_countered_by_declared_controls() => Countered(_rule, Plant(DataClass.Control), "flow:f1");
}
