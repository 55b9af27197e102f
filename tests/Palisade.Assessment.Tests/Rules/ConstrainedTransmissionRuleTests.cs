using Palisade.Assessment.Description;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class ConstrainedTransmissionRuleTests
{
    private readonly ConstrainedTransmissionRule _rule = new();

    private static DescriptionBuilder Plant(bool constrained, bool secure = false) => new DescriptionBuilder()
        .Add("s1", AssetKind.Sensor, "field", a => a with { Capabilities = a.Capabilities with { ResourceConstrained = constrained } })
        .Add("gw", AssetKind.Gateway, "field")
        .Flow("f1", "s1", "gw", DataClass.Control, secure);

    [Fact]
    public void Applies_to_a_flow_from_a_constrained_device()
    {
        Open(_rule, Plant(constrained: true).Build(), "flow:f1");
        var finding = Single(_rule, Plant(constrained: true).Build(), "flow:f1");
        Assert.Equal(5, finding.Impact);
        Assert.Equal("flow", finding.TargetKind);
    }

    [Fact]
    public void Integrity_protection_lowers_the_likelihood() =>
        Assert.True(Single(_rule, Plant(true, secure: true).Build(), "flow:f1").Likelihood < Single(_rule, Plant(true).Build(), "flow:f1").Likelihood);

    [Fact]
    public void Does_not_apply_to_a_flow_from_a_capable_device() => Absent(_rule, Plant(constrained: false).Build(), "flow:f1");

    [Fact]
    public void Is_countered_by_declared_controls() => Countered(_rule, Plant(constrained: true), "flow:f1");
}
