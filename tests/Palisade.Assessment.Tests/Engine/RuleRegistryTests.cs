using Palisade.Assessment.Catalogue;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Rules;

namespace Palisade.Assessment.Tests.Engine;

public sealed class RuleRegistryTests
{
    private static readonly string[] LeafItems =
        ["a", "b", "c", "d.1", "d.2", "d.3", "e", "f.1", "f.2", "g.1", "g.2", "g.3", "g.4", "h.1", "h.2", "i", "j.1", "j.2", "k.1", "k.2", "l", "m", "n", "o", "p", "q", "r"];

    [Fact]
    public void Default_registry_has_one_rule_per_leaf_threat_item()
    {
        var ids = RuleRegistry.Default.Rules.Select(r => r.Metadata.Id).ToList();
        Assert.Equal(27, ids.Count);
        Assert.Equal(LeafItems.Select(i => "threat.6.2." + i).Order(StringComparer.Ordinal), ids);
    }

    [Fact]
    public void Refuses_two_rules_for_one_threat()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RuleRegistry(AssessmentCatalogue.Default, [new WirelessSensorRule(), new WirelessSensorRule()]));
        Assert.Contains("Two rules for 'threat.6.2.a'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_rule_for_a_threat_the_catalogue_does_not_list()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RuleRegistry(AssessmentCatalogue.Default, [new StubRule("threat.6.2.z", [], [])]));
        Assert.Contains("'threat.6.2.z'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_rule_naming_an_unknown_control() =>
        Assert.Contains("unknown control 'control.9.9'", Assert.Throws<ArgumentException>(() =>
            new RuleRegistry(AssessmentCatalogue.Default, [new StubRule("threat.6.2.a", [], ["control.9.9"])])).Message, StringComparison.Ordinal);

    [Fact]
    public void Refuses_a_rule_naming_an_unknown_characteristic() =>
        Assert.Contains("unknown characteristic", Assert.Throws<ArgumentException>(() =>
            new RuleRegistry(AssessmentCatalogue.Default, [new StubRule("threat.6.2.a", ["characteristic.6.1.zz"], [])])).Message, StringComparison.Ordinal);

    [Fact]
    public void Rules_run_in_id_order_whatever_order_they_are_registered_in()
    {
        var registry = new RuleRegistry(AssessmentCatalogue.Default, [new WeakDeviceIdentityRule(), new WirelessSensorRule(), new EdgePlatformFailureRule()]);
        Assert.Equal(["threat.6.2.a", "threat.6.2.b", "threat.6.2.k.2"], registry.Rules.Select(r => r.Metadata.Id));
    }

    [Fact]
    public void Every_rule_asks_only_for_controls_the_catalogue_maps_to_its_threat()
    {
        foreach (var rule in RuleRegistry.Default.Rules)
        {
            var mapped = AssessmentCatalogue.Default.ControlsFor(rule.Metadata.Id);
            Assert.All(rule.Metadata.Controls, c => Assert.True(mapped.Contains(c), $"{rule.Metadata.Id} asks for {c}, which the catalogue does not map to it"));
            Assert.NotEmpty(rule.Metadata.Controls);
            Assert.NotEmpty(rule.Metadata.Characteristics);
            Assert.NotEmpty(rule.Metadata.AppliesWhen);
        }
    }

    [Fact]
    public void Every_rule_names_the_characteristics_the_catalogue_resolved_for_its_threat()
    {
        foreach (var rule in RuleRegistry.Default.Rules)
        {
            var threat = Palisade.Model.SrmCatalogue.Default.Get<Palisade.Model.Items.Threat>(rule.Metadata.Id);
            Assert.Equal(threat.CharacteristicIds.Order(StringComparer.Ordinal), rule.Metadata.Characteristics.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Every_rule_lives_in_its_own_file_with_its_own_test_file()
    {
        var root = RepositoryRoot();
        foreach (var rule in RuleRegistry.Default.Rules)
        {
            var name = rule.GetType().Name;
            Assert.True(File.Exists(Path.Combine(root, "src", "Palisade.Assessment", "Rules", name + ".cs")), name);
            Assert.True(File.Exists(Path.Combine(root, "tests", "Palisade.Assessment.Tests", "Rules", name + "Tests.cs")), name + "Tests");
        }
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Palisade.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Palisade.slnx not found above the test output");
    }

    private sealed class StubRule(string id, string[] characteristics, string[] controls) : IThreatRule
    {
        public RuleMetadata Metadata { get; } = new(id, "stub", characteristics, controls, "never");

        public IEnumerable<Finding> Evaluate(AssessmentContext context) => [];
    }
}
