using Palisade.Assessment.Description;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class InsecureDeviceSettingsRuleTests
{
    private readonly InsecureDeviceSettingsRule _rule = new();

    private static DescriptionBuilder Plant(AssetKind kind, bool changed, bool constrained = false) => new DescriptionBuilder()
        .Add("d1", kind, "field", a => a with { Capabilities = a.Capabilities with { DefaultCredentialsChanged = changed, ResourceConstrained = constrained } })
        .Flow("f1", "d1", "cloud-svc");

    [Fact]
    public void Applies_to_a_device_with_default_credentials() => Open(_rule, Plant(AssetKind.Gateway, changed: false).Build(), "asset:d1");

    [Fact]
    public void Asks_constrained_devices_for_the_constrained_node_control()
    {
        var finding = Single(_rule, Plant(AssetKind.Sensor, changed: false, constrained: true).Build(), "asset:d1");
        Assert.Contains(finding.Controls, c => c.ControlId == "control.8.2.6.2.a");
        Assert.DoesNotContain(finding.Controls, c => c.ControlId == "control.8.2.6.1.c");
    }

    [Fact]
    public void Does_not_apply_when_credentials_were_changed() => Absent(_rule, Plant(AssetKind.Gateway, changed: true).Build(), "asset:d1");

    [Fact]
    public void Does_not_apply_to_a_host() => Absent(_rule, Plant(AssetKind.Host, changed: false).Build(), "asset:d1");

    [Fact]
    public void Is_countered_by_declared_controls() => Countered(_rule, Plant(AssetKind.Gateway, changed: false), "asset:d1");
}
