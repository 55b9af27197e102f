using Palisade.Assessment.Description;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class FactoryCloudInterceptionRuleTests
{
    private readonly FactoryCloudInterceptionRule _rule = new();

    private static DescriptionBuilder Plant(string to = "cloud-svc", DataClass dataClass = DataClass.Sensitive, bool secure = false) => new DescriptionBuilder()
        .Add("mes", AssetKind.Server, "prod")
        .Add("hist", AssetKind.Server, "prod")
        .Flow("f1", "mes", to, dataClass, secure);

    [Fact]
    public void Applies_to_a_flow_between_factory_and_cloud()
    {
        Open(_rule, Plant().Build(), "flow:f1");
        var finding = Single(_rule, Plant().Build(), "flow:f1");
        Assert.Contains(finding.Controls, c => c.ControlId == "control.8.2.5.e");
        Assert.Equal(["domain.7.2.4", "domain.7.2.3"], finding.DomainIds);
    }

    [Fact]
    public void Measurements_do_not_ask_for_encryption() =>
        Assert.DoesNotContain(Single(_rule, Plant(dataClass: DataClass.ShortLivedMeasurement).Build(), "flow:f1").Controls, c => c.ControlId == "control.8.2.5.e");

    [Fact]
    public void A_fully_protected_flow_is_rated_least_likely() => Assert.Equal(1, Single(_rule, Plant(secure: true).Build(), "flow:f1").Likelihood);

    [Fact]
    public void Does_not_apply_inside_the_plant() => Absent(_rule, Plant(to: "hist").Build(), "flow:f1");

    [Fact]
    public void Is_countered_by_declared_controls() => Countered(_rule, Plant(), "flow:f1");
}
