using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class RetiredIdentityRuleTests
{
    private readonly RetiredIdentityRule _rule = new();

    private static DescriptionBuilder Plant(LifeCycleStage stage, bool flows, bool certificate = false)
    {
        var builder = new DescriptionBuilder()
            .Add("s1", AssetKind.Sensor, "field", a => a with { Stage = stage, Capabilities = a.Capabilities with { Certificates = certificate } });
        return flows ? builder.Flow("f1", "s1", "cloud-svc") : builder;
    }

    [Fact]
    public void Applies_to_a_retired_device_that_still_sends_data()
    {
        Open(_rule, Plant(LifeCycleStage.Retirement, flows: true).Build(), "asset:s1");
        Assert.Equal(4, Single(_rule, Plant(LifeCycleStage.Retirement, flows: true).Build(), "asset:s1").Likelihood);
    }

    [Fact]
    public void Applies_to_a_retired_device_that_still_holds_a_certificate() =>
        Open(_rule, Plant(LifeCycleStage.Retirement, flows: false, certificate: true).Build(), "asset:s1");

    [Fact]
    public void Does_not_apply_to_a_device_in_use() => Absent(_rule, Plant(LifeCycleStage.UtilizationSupport, flows: true).Build(), "asset:s1");

    [Fact]
    public void Does_not_apply_to_a_cleaned_up_retired_device() => Absent(_rule, Plant(LifeCycleStage.Retirement, flows: false).Build(), "asset:s1");

    [Fact]
    public void Is_countered_by_declared_controls() => Countered(_rule, Plant(LifeCycleStage.Retirement, flows: true), "asset:s1");
}
