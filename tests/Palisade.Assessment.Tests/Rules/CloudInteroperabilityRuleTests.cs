using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class CloudInteroperabilityRuleTests
{
    private readonly CloudInteroperabilityRule _rule = new();

    private static DescriptionBuilder Plant(string owner, bool secure = false) => new DescriptionBuilder()
        .Participant("partner-cloud", "US")
        .Add("other", AssetKind.CloudService, "cloud", owner: owner)
        .Flow("f1", "cloud-svc", "other", DataClass.Sensitive, secure);

    [Fact]
    public void Applies_to_a_flow_between_two_providers_clouds() => Open(_rule, Plant("partner-cloud").Build(), "flow:f1");

    [Fact]
    public void Authenticated_integrity_protected_exchange_is_less_likely() =>
        Assert.Equal(2, Single(_rule, Plant("partner-cloud", secure: true).Build(), "flow:f1").Likelihood);

    [Fact]
    public void Does_not_apply_inside_one_providers_cloud() => Absent(_rule, Plant("platform-co").Build(), "flow:f1");

    [Fact]
    public void Is_countered_by_declared_controls() => Countered(_rule, Plant("partner-cloud"), "flow:f1");
}
