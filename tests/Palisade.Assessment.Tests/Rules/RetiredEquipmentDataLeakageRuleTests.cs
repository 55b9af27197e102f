using Palisade.Assessment.Description;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class RetiredEquipmentDataLeakageRuleTests
{
    private readonly RetiredEquipmentDataLeakageRule _rule = new();

    private static DescriptionBuilder Plant(LifeCycleStage stage, bool stores = true, DateOnly? endOfSupport = null) => new DescriptionBuilder()
        .Add("plc1", AssetKind.Plc, "prod", a => a with
        {
            Stage = stage,
            EndOfSecuritySupport = endOfSupport,
            Capabilities = a.Capabilities with { StoresSensitiveData = stores },
        });

    [Fact]
    public void Applies_to_retiring_equipment_that_stores_data()
    {
        Open(_rule, Plant(LifeCycleStage.Retirement).Build(), "asset:plc1");
        Assert.Equal(["stage.7.3.4"], Single(_rule, Plant(LifeCycleStage.Retirement).Build(), "asset:plc1").StageIds);
    }

    [Fact]
    public void Applies_to_equipment_past_its_end_of_security_support() =>
        Open(_rule, Plant(LifeCycleStage.UtilizationSupport, endOfSupport: new DateOnly(2025, 1, 1)).Build(), "asset:plc1");

    [Fact]
    public void Does_not_apply_to_supported_equipment_in_use() =>
        Absent(_rule, Plant(LifeCycleStage.UtilizationSupport, endOfSupport: new DateOnly(2030, 1, 1)).Build(), "asset:plc1");

    [Fact]
    public void Does_not_apply_when_nothing_sensitive_is_stored() =>
        Absent(_rule, Plant(LifeCycleStage.Retirement, stores: false).Build(), "asset:plc1");

    [Fact]
    public void Is_countered_by_declared_controls() => Countered(_rule, Plant(LifeCycleStage.Retirement), "asset:plc1");
}
