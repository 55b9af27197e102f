using Palisade.Assessment.Description;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;
using static Palisade.Assessment.Tests.Support.RuleHarness;

namespace Palisade.Assessment.Tests.Rules;

public sealed class DefaultPasswordRuleTests
{
    private readonly DefaultPasswordRule _rule = new();

    private static DescriptionBuilder Plant(AssetKind kind, bool changed, string zone = "prod") => new DescriptionBuilder()
        .Add("h1", kind, zone, a => a with { Capabilities = a.Capabilities with { DefaultCredentialsChanged = changed } });

    [Fact]
    public void Applies_to_a_plant_host_with_default_passwords()
    {
        Open(_rule, Plant(AssetKind.Host, changed: false).Build(), "asset:h1");
        Assert.Equal(5, Single(_rule, Plant(AssetKind.Host, changed: false).Build(), "asset:h1").Impact);
    }

    [Fact]
    public void Office_hosts_have_lower_impact() =>
        Assert.Equal(4, Single(_rule, Plant(AssetKind.Server, changed: false, "office").Build(), "asset:h1").Impact);

    [Fact]
    public void Does_not_apply_when_passwords_were_changed() => Absent(_rule, Plant(AssetKind.Host, changed: true).Build(), "asset:h1");

    [Fact]
    public void Does_not_apply_to_a_sensor() => Absent(_rule, Plant(AssetKind.Sensor, changed: false).Build(), "asset:h1");

    [Fact]
    public void Is_countered_by_declared_controls() => Countered(_rule, Plant(AssetKind.Host, changed: false), "asset:h1");
}
