using Palisade.Assessment.Description;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class ConstrainedDeviceAbuseRuleTests
{
    private readonly ConstrainedDeviceAbuseRule _rule = new();

    private static DescriptionBuilder Plant(bool constrained, string to = "cloud-svc") => new DescriptionBuilder()
        .Add("s1", AssetKind.Sensor, "field", a => a with { Capabilities = a.Capabilities with { ResourceConstrained = constrained } })
        .Add("plc1", AssetKind.Plc, "field")
        .Flow("f1", "s1", to);

    [Fact]
    public void Applies_to_a_constrained_device_connected_to_the_platform() => Open(_rule, Plant(constrained: true).Build(), "asset:s1");

    [Fact]
    public void Does_not_apply_when_the_device_only_talks_inside_the_plant() =>
        Absent(_rule, Plant(constrained: true, to: "plc1").Build(), "asset:s1");

    [Fact]
    public void Does_not_apply_to_a_capable_device() => Absent(_rule, Plant(constrained: false).Build(), "asset:s1");

    [Fact]
    public void Is_countered_by_declared_controls() => Countered(_rule, Plant(constrained: true), "asset:s1");
}
