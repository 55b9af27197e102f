using Palisade.Assessment.Description;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class UnpatchableSystemRuleTests
{
    private readonly UnpatchableSystemRule _rule = new();

    private static DescriptionBuilder Plant(Func<Asset, Asset> change) => new DescriptionBuilder().Add("hmi", AssetKind.Host, "prod", change);

    [Fact]
    public void Applies_to_a_system_past_end_of_security_support() =>
        Open(_rule, Plant(a => a with { EndOfSecuritySupport = new DateOnly(2024, 6, 30) }).Build(), "asset:hmi");

    [Fact]
    public void Applies_to_a_system_stated_unpatchable() =>
        Open(_rule, Plant(a => a with { Capabilities = a.Capabilities with { Patchable = false } }).Build(), "asset:hmi");

    [Fact]
    public void Does_not_apply_to_a_supported_system() =>
        Absent(_rule, Plant(a => a with { EndOfSecuritySupport = new DateOnly(2031, 1, 1) }).Build(), "asset:hmi");

    [Fact]
    public void Does_not_apply_to_a_system_being_retired() =>
        Absent(_rule, Plant(a => a with { Stage = LifeCycleStage.Retirement, EndOfSecuritySupport = new DateOnly(2024, 6, 30) }).Build(), "asset:hmi");

    [Fact]
    public void Is_countered_by_declared_controls() =>
        Countered(_rule, Plant(a => a with { EndOfSecuritySupport = new DateOnly(2024, 6, 30) }), "asset:hmi");
}
