using Palisade.Assessment.Description;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class WirelessSensorRuleTests
{
    private readonly WirelessSensorRule _rule = new();

    private static DescriptionBuilder Plant(bool wireless, bool secure = false) => new DescriptionBuilder()
        .Add("s1", AssetKind.Sensor, "field", a => a with { Capabilities = a.Capabilities with { Wireless = wireless } })
        .Flow("f1", "s1", "cloud-svc", secure: secure);

    [Fact]
    public void Applies_to_a_wireless_sensor()
    {
        Open(_rule, Plant(wireless: true).Build(), "asset:s1");
        var finding = Single(_rule, Plant(wireless: true).Build(), "asset:s1");
        Assert.Equal(5, finding.Likelihood);
        Assert.Contains("domain.7.2.2", finding.DomainIds);
    }

    [Fact]
    public void Authenticated_integrity_protected_flows_lower_the_likelihood()
    {
        var weak = Single(_rule, Plant(wireless: true).Build(), "asset:s1");
        var strong = Single(_rule, Plant(wireless: true, secure: true).Build(), "asset:s1");
        Assert.True(strong.Likelihood < weak.Likelihood);
    }

    [Fact]
    public void Does_not_apply_to_a_wired_sensor() => Absent(_rule, Plant(wireless: false).Build(), "asset:s1");

    [Fact]
    public void Is_countered_by_declared_controls() => Countered(_rule, Plant(wireless: true), "asset:s1");
}
