using Palisade.Assessment.Description;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class BlurredBoundaryRuleTests
{
    private readonly BlurredBoundaryRule _rule = new();

    private static DescriptionBuilder Plant(bool? enforcedBoundary) => AddBoundary(new DescriptionBuilder()
        .Add("hmi", AssetKind.Host, "prod")
        .Add("erp", AssetKind.Server, "office")
        .Flow("f1", "hmi", "erp"), enforcedBoundary);

    private static DescriptionBuilder AddBoundary(DescriptionBuilder builder, bool? enforced) =>
        enforced is { } e ? builder.Boundary("b1", "prod", "office", e) : builder;

    [Fact]
    public void Applies_to_a_production_zone_talking_to_the_office_without_a_boundary()
    {
        Open(_rule, Plant(enforcedBoundary: null).Build(), "zone:prod");
        Assert.Equal(4, Single(_rule, Plant(null).Build(), "zone:prod").Likelihood);
    }

    [Fact]
    public void Applies_when_the_boundary_is_not_enforced() => Open(_rule, Plant(enforcedBoundary: false).Build(), "zone:prod");

    [Fact]
    public void Applies_to_a_paper_boundary_even_without_flows() =>
        Open(_rule, new DescriptionBuilder().Boundary("b1", "field", "office", enforced: false).Build(), "zone:field");

    [Fact]
    public void Does_not_apply_with_an_enforced_boundary() => Absent(_rule, Plant(enforcedBoundary: true).Build(), "zone:prod");

    [Fact]
    public void Does_not_apply_to_the_office_zone() => Absent(_rule, Plant(enforcedBoundary: null).Build(), "zone:office");

    [Fact]
    public void Is_countered_by_declared_controls() => Countered(_rule, Plant(enforcedBoundary: null), "zone:prod");

    [Fact]
    public void Controls_declared_for_the_site_cover_its_zones()
    {
        var finding = Single(_rule, Plant(null).Control("control.8.2.4.d", "site:hh").Control("control.8.2.4.c", "zone:prod").Build(), "zone:prod");
        Assert.Equal(Applicability.Countered, finding.Applicability);
    }
}
