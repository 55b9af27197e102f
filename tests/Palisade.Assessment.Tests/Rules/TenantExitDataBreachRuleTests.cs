using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class TenantExitDataBreachRuleTests
{
    private readonly TenantExitDataBreachRule _rule = new();

    private static DescriptionBuilder Plant(string cloudOwner) => new DescriptionBuilder()
        .Add("mes", AssetKind.Server, "prod")
        .Add("lake", AssetKind.CloudService, "cloud", owner: cloudOwner)
        .Flow("f1", "mes", "lake", DataClass.IntellectualProperty);

    [Fact]
    public void Applies_to_a_participant_storing_data_on_the_platform_operators_cloud()
    {
        Open(_rule, Plant("platform-co").Build(), "participant:plant-co");
        Assert.Equal(5, Single(_rule, Plant("platform-co").Build(), "participant:plant-co").Impact);
    }

    [Fact]
    public void Does_not_apply_to_a_participant_using_its_own_cloud() => Absent(_rule, Plant("plant-co").Build(), "participant:plant-co");

    [Fact]
    public void Is_countered_by_declared_controls() => Countered(_rule, Plant("platform-co"), "participant:plant-co");
}
