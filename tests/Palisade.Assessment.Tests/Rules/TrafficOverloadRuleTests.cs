using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class TrafficOverloadRuleTests
{
    private readonly TrafficOverloadRule _rule = new();

    private static DescriptionBuilder Plant(FlowVolume volume, bool secondTenant = false)
    {
        var builder = new DescriptionBuilder()
            .Add("edge", AssetKind.EdgePlatform, "prod")
            .Flow("f1", "edge", "cloud-svc", volume: volume);
        if (secondTenant)
        {
            builder.Participant("other-co").Zone("other", ZoneKind.Production, jurisdiction: "FR")
                .Add("edge2", AssetKind.EdgePlatform, "other", owner: "other-co")
                .Flow("f2", "edge2", "cloud-svc", volume: FlowVolume.High);
        }

        return builder;
    }

    [Fact]
    public void Applies_to_a_cloud_asset_receiving_high_volume_field_data() => Open(_rule, Plant(FlowVolume.High).Build(), "asset:cloud-svc");

    [Fact]
    public void Several_tenants_raise_the_likelihood() =>
        Assert.Equal(4, Single(_rule, Plant(FlowVolume.High, secondTenant: true).Build(), "asset:cloud-svc").Likelihood);

    [Fact]
    public void Does_not_apply_to_light_traffic() => Absent(_rule, Plant(FlowVolume.Low).Build(), "asset:cloud-svc");

    [Fact]
    public void Is_countered_by_declared_controls() => Countered(_rule, Plant(FlowVolume.High), "asset:cloud-svc");
}
