using Palisade.Assessment.Description;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class ObsoleteOperatingSystemRuleTests
{
    private readonly ObsoleteOperatingSystemRule _rule = new();

    private static DescriptionBuilder Plant(DateOnly? end) => new DescriptionBuilder()
        .Add("hmi", AssetKind.Host, "prod", a => a with { OperatingSystem = new OperatingSystemInfo("Windows 10", "1809", end) });

    [Fact]
    public void Applies_to_an_operating_system_past_end_of_support()
    {
        Open(_rule, Plant(new DateOnly(2020, 11, 10)).Build(), "asset:hmi");
        Assert.Equal(4, Single(_rule, Plant(new DateOnly(2020, 11, 10)).Build(), "asset:hmi").Likelihood);
    }

    [Fact]
    public void Warns_when_end_of_support_is_near() =>
        Assert.Equal(2, Single(_rule, Plant(DescriptionBuilder.AsOf.AddDays(30)).Build(), "asset:hmi").Likelihood);

    [Fact]
    public void Does_not_apply_to_a_supported_operating_system() => Absent(_rule, Plant(new DateOnly(2032, 10, 14)).Build(), "asset:hmi");

    [Fact]
    public void Does_not_apply_when_no_end_of_support_is_known() => Absent(_rule, Plant(null).Build(), "asset:hmi");

    [Fact]
    public void Is_countered_by_declared_controls() => Countered(_rule, Plant(new DateOnly(2020, 11, 10)), "asset:hmi");
}
