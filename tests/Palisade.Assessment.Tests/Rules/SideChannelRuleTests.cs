using Palisade.Assessment.Description;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class SideChannelRuleTests
{
    private readonly SideChannelRule _rule = new();

    private static DescriptionBuilder Plant(bool shielded, DataClass dataClass = DataClass.IntellectualProperty) => new DescriptionBuilder()
        .Add("plc1", AssetKind.Plc, "prod", a => a with { Capabilities = a.Capabilities with { EmcShielded = shielded } })
        .Flow("f1", "cloud-svc", "plc1", dataClass);

    [Fact]
    public void Applies_to_an_unshielded_device_handling_confidential_data() => Open(_rule, Plant(shielded: false).Build(), "asset:plc1");

    [Fact]
    public void Does_not_apply_to_a_shielded_device() => Absent(_rule, Plant(shielded: true).Build(), "asset:plc1");

    [Fact]
    public void Does_not_apply_when_only_measurements_pass() =>
        Absent(_rule, Plant(shielded: false, DataClass.ShortLivedMeasurement).Build(), "asset:plc1");

    [Fact]
    public void Is_countered_by_declared_controls() => Countered(_rule, Plant(shielded: false), "asset:plc1");
}
