using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class ControlTrafficStarvationRuleTests
{
    private readonly ControlTrafficStarvationRule _rule = new();

    private static DescriptionBuilder Plant(FlowVolume bulk, bool prioritised = false) => new DescriptionBuilder()
        .Zone("cell", ZoneKind.Field, "hh", prioritised: prioritised)
        .Add("plc1", AssetKind.Plc, "cell")
        .Add("cam", AssetKind.Sensor, "cell")
        .Add("edge", AssetKind.EdgePlatform, "cell")
        .Flow("cmd", "edge", "plc1", DataClass.Control)
        .Flow("video", "cam", "edge", DataClass.Sensitive, volume: bulk);

    [Fact]
    public void Applies_to_a_zone_mixing_control_and_bulk_traffic()
    {
        Open(_rule, Plant(FlowVolume.High).Build(), "zone:cell");
        Assert.Equal(4, Single(_rule, Plant(FlowVolume.High).Build(), "zone:cell").Likelihood);
    }

    [Fact]
    public void Traffic_prioritisation_lowers_the_likelihood() =>
        Assert.Equal(2, Single(_rule, Plant(FlowVolume.High, prioritised: true).Build(), "zone:cell").Likelihood);

    [Fact]
    public void Does_not_apply_when_other_traffic_is_light() => Absent(_rule, Plant(FlowVolume.Low).Build(), "zone:cell");

    [Fact]
    public void Is_countered_by_declared_controls() => Countered(_rule, Plant(FlowVolume.Medium), "zone:cell");
}
