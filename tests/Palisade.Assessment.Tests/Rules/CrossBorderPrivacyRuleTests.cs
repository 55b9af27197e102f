using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class CrossBorderPrivacyRuleTests
{
    private readonly CrossBorderPrivacyRule _rule = new();

    private static DescriptionBuilder Plant(string cloudJurisdiction, DataClass dataClass = DataClass.Personal) => new DescriptionBuilder()
        .Zone("cloud-cn", ZoneKind.Cloud, jurisdiction: cloudJurisdiction)
        .Add("mes", AssetKind.Server, "prod")
        .Add("remote", AssetKind.CloudService, "cloud-cn", owner: "platform-co")
        .Flow("f1", "mes", "remote", dataClass);

    [Fact]
    public void Applies_to_personal_data_crossing_jurisdictions()
    {
        Open(_rule, Plant("CN").Build(), "flow:f1");
        Assert.Equal(5, Single(_rule, Plant("CN").Build(), "flow:f1").Impact);
        Assert.Contains("DE to CN", Single(_rule, Plant("CN").Build(), "flow:f1").Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public void Applies_when_the_flow_is_stated_to_cross_a_border() =>
        Open(_rule, new DescriptionBuilder().Add("mes", AssetKind.Server, "prod").Flow("f1", "mes", "cloud-svc", DataClass.Sensitive, crossesBorder: true).Build(), "flow:f1");

    [Fact]
    public void Does_not_apply_within_one_jurisdiction() => Absent(_rule, Plant("DE").Build(), "flow:f1");

    [Fact]
    public void Does_not_apply_to_measurements() => Absent(_rule, Plant("CN", DataClass.ShortLivedMeasurement).Build(), "flow:f1");

    [Fact]
    public void Is_countered_by_declared_controls() => Countered(_rule, Plant("CN"), "flow:f1");
}
