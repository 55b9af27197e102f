using Palisade.Assessment.Description;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class LegacyEquipmentRuleTests
{
    private readonly LegacyEquipmentRule _rule = new();

    private static DescriptionBuilder Plant(bool legacy, string to) => new DescriptionBuilder()
        .Add("plc1", AssetKind.Plc, "prod", a => a with { Capabilities = a.Capabilities with { LegacyProtocol = legacy } })
        .Add("hmi", AssetKind.Host, "prod")
        .Add("erp", AssetKind.Server, "office")
        .Flow("f1", "plc1", to);

    [Fact]
    public void Applies_to_legacy_equipment_reaching_the_cloud() => Open(_rule, Plant(legacy: true, "cloud-svc").Build(), "asset:plc1");

    [Fact]
    public void Applies_to_legacy_equipment_reaching_another_zone() =>
        Assert.Equal(3, Single(_rule, Plant(legacy: true, "erp").Build(), "asset:plc1").Likelihood);

    [Fact]
    public void Does_not_apply_when_it_stays_in_its_zone() => Absent(_rule, Plant(legacy: true, "hmi").Build(), "asset:plc1");

    [Fact]
    public void Does_not_apply_to_modern_equipment() => Absent(_rule, Plant(legacy: false, "cloud-svc").Build(), "asset:plc1");

    [Fact]
    public void Is_countered_by_declared_controls() => Countered(_rule, Plant(legacy: true, "cloud-svc"), "asset:plc1");
}
