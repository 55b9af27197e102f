using Palisade.Assessment.Description;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class DeviceRelocationRuleTests
{
    private readonly DeviceRelocationRule _rule = new();

    private static DescriptionBuilder Plant(bool mobile) => new DescriptionBuilder()
        .Add("agv1", AssetKind.Robot, "field", a => a with { Capabilities = a.Capabilities with { Mobile = mobile, Wireless = true } });

    [Fact]
    public void Applies_to_a_mobile_device()
    {
        Open(_rule, Plant(mobile: true).Build(), "asset:agv1");
        Assert.Equal(4, Single(_rule, Plant(mobile: true).Build(), "asset:agv1").Impact);
    }

    [Fact]
    public void Does_not_apply_to_a_fixed_device() => Absent(_rule, Plant(mobile: false).Build(), "asset:agv1");

    [Fact]
    public void Is_countered_by_declared_controls() => Countered(_rule, Plant(mobile: true), "asset:agv1");
}
