using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class MaliciousApplicationRuleTests
{
    private readonly MaliciousApplicationRule _rule = new();

    private static DescriptionBuilder Plant(string? publisher, bool signed = false) => new DescriptionBuilder()
        .Add("app", AssetKind.Application, "cloud", a => a with { Publisher = publisher, Capabilities = a.Capabilities with { Signing = signed } });

    [Fact]
    public void Applies_to_an_application_of_an_unknown_publisher()
    {
        Open(_rule, Plant(null).Build(), "asset:app");
        Assert.Equal(4, Single(_rule, Plant(null).Build(), "asset:app").Likelihood);
    }

    [Fact]
    public void Signing_lowers_the_likelihood() => Assert.Equal(2, Single(_rule, Plant("AppStore GmbH", signed: true).Build(), "asset:app").Likelihood);

    [Fact]
    public void Does_not_apply_to_an_application_the_participant_publishes_itself() => Absent(_rule, Plant("plant-co").Build(), "asset:app");

    [Fact]
    public void Is_countered_by_declared_controls() => Countered(_rule, Plant(null), "asset:app");
}
