using Palisade.Assessment.Description;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class EdgePlatformFailureRuleTests
{
    private readonly EdgePlatformFailureRule _rule = new();

    private static DescriptionBuilder Plant(AssetKind kind, bool remote = false, bool redundant = false) => new DescriptionBuilder()
        .Add("edge1", kind, "prod", a => a with { Capabilities = a.Capabilities with { RemoteMaintenance = remote, Redundant = redundant } })
        .Flow("f1", "edge1", "cloud-svc");

    [Fact]
    public void Applies_to_an_edge_platform() => Open(_rule, Plant(AssetKind.EdgePlatform).Build(), "asset:edge1");

    [Fact]
    public void Remote_maintenance_and_a_standby_lower_the_likelihood()
    {
        var bare = Single(_rule, Plant(AssetKind.EdgePlatform).Build(), "asset:edge1");
        var kept = Single(_rule, Plant(AssetKind.EdgePlatform, remote: true, redundant: true).Build(), "asset:edge1");
        Assert.Equal(bare.Likelihood - 2, kept.Likelihood);
    }

    [Fact]
    public void Does_not_apply_to_a_gateway() => Absent(_rule, Plant(AssetKind.Gateway).Build(), "asset:edge1");

    [Fact]
    public void Is_countered_by_declared_controls() => Countered(_rule, Plant(AssetKind.EdgePlatform), "asset:edge1");
}
