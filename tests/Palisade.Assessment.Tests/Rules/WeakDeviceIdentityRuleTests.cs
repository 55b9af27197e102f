using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class WeakDeviceIdentityRuleTests
{
    private readonly WeakDeviceIdentityRule _rule = new();

    private static DescriptionBuilder Plant(bool certificate, bool connected = true) => new DescriptionBuilder()
        .Add("gw", AssetKind.Gateway, "field", a => a with { Capabilities = a.Capabilities with { Certificates = certificate } })
        .Add("plc1", AssetKind.Plc, "field")
        .Flow("f1", "gw", connected ? "cloud-svc" : "plc1")
        .Flow("cmd", "cloud-svc", "gw", DataClass.Control);

    [Fact]
    public void Applies_to_a_connected_device_without_a_certificate()
    {
        Open(_rule, Plant(certificate: false).Build(), "asset:gw");
        var finding = Single(_rule, Plant(certificate: false).Build(), "asset:gw");
        Assert.Equal((5, 5), (finding.Likelihood, finding.Impact));
        Assert.Equal(Severity.Critical, finding.Severity);
    }

    [Fact]
    public void Does_not_apply_to_a_device_with_a_certificate() => Absent(_rule, Plant(certificate: true).Build(), "asset:gw");

    [Fact]
    public void Is_countered_by_declared_controls() => Countered(_rule, Plant(certificate: false), "asset:gw");

    [Fact]
    public void Is_countered_by_controls_the_platform_enforces_live()
    {
        var live = new FakeLiveControls("control.8.2.4.a", "control.8.2.4.b", "control.8.2.4.f", "control.8.2.5.d");
        var finding = Assert.Single(Run(_rule, Plant(certificate: false).Build(), live), f => f.Id == "threat.6.2.k.2@asset:gw");
        Assert.Equal(Applicability.Countered, finding.Applicability);
        Assert.All(finding.Controls, c => Assert.Equal(ControlPresence.Enforced, c.Presence));
        Assert.StartsWith("palisade-test: ", finding.Controls[0].Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void One_missing_live_control_leaves_it_open()
    {
        var live = new FakeLiveControls("control.8.2.4.a", "control.8.2.4.b", "control.8.2.4.f");
        var finding = Assert.Single(Run(_rule, Plant(certificate: false).Build(), live), f => f.Id == "threat.6.2.k.2@asset:gw");
        Assert.Equal(Applicability.Open, finding.Applicability);
    }
}
