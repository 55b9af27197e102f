using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class AccessPointDisclosureRuleTests
{
    private readonly AccessPointDisclosureRule _rule = new();

    private static DescriptionBuilder Plant(string owner) => new DescriptionBuilder()
        .Participant("maint-co", "AT")
        .Add("hmi", AssetKind.Host, "prod")
        .Add("svc", AssetKind.Application, "cloud", owner: owner)
        .Flow("f1", "svc", "hmi");

    [Fact]
    public void Applies_to_a_flow_between_participants()
    {
        Open(_rule, Plant("maint-co").Build(), "flow:f1");
        Assert.Equal(3, Single(_rule, Plant("maint-co").Build(), "flow:f1").Impact);
    }

    [Fact]
    public void Does_not_apply_within_one_participant() => Absent(_rule, Plant("plant-co").Build(), "flow:f1");

    [Fact]
    public void Is_countered_by_declared_controls() => Countered(_rule, Plant("maint-co"), "flow:f1");
}
