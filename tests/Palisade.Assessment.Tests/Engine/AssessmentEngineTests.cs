using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Generation;
using Palisade.Assessment.Rules;
using Palisade.Assessment.Tests.Support;

namespace Palisade.Assessment.Tests.Engine;

public sealed class AssessmentEngineTests
{
    private static readonly string FixturePath = Path.Combine(AppContext.BaseDirectory, "Descriptions", "plant.yaml");

    [Fact]
    public void Same_description_gives_identical_ordered_findings()
    {
        var description = DescriptionGenerator.Generate(2_000, 4_000);
        var first = AssessmentEngine.Assess(description).Findings.Select(f => f.Id).ToList();
        var second = AssessmentEngine.Assess(DescriptionGenerator.Generate(2_000, 4_000)).Findings.Select(f => f.Id).ToList();
        Assert.NotEmpty(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Findings_are_ordered_by_severity_then_id_and_ids_are_unique()
    {
        var findings = AssessmentEngine.Assess(DescriptionGenerator.Generate(2_000, 4_000)).Findings;
        for (var i = 1; i < findings.Count; i++)
        {
            var (a, b) = (findings[i - 1], findings[i]);
            Assert.True(a.Severity > b.Severity || (a.Severity == b.Severity && string.CompareOrdinal(a.Id, b.Id) < 0), $"{a.Id} before {b.Id}");
        }

        Assert.Equal(findings.Count, findings.Select(f => f.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_rule_fires_on_a_large_generated_description_and_every_finding_is_linked()
    {
        var result = AssessmentEngine.Assess(DescriptionGenerator.Generate(10_000, 20_000));
        var fired = result.Findings.Select(f => f.ThreatId).ToHashSet(StringComparer.Ordinal);
        Assert.All(RuleRegistry.Default.Rules, r => Assert.Contains(r.Metadata.Id, fired));
        Assert.All(result.Findings, f =>
        {
            Assert.StartsWith(f.ThreatId + "@" + f.TargetKind + ":", f.Id, StringComparison.Ordinal);
            Assert.InRange(f.Likelihood, 1, 5);
            Assert.InRange(f.Impact, 1, 5);
            Assert.NotEmpty(f.Controls);
            Assert.NotEmpty(f.ObjectiveIds);
        });
        Assert.Contains(result.Findings, f => f.Applicability == Applicability.Countered);
        Assert.Contains(result.Findings, f => f.Treatment == Treatment.Accepted);
        Assert.Equal(["scenario.7.4.2", "scenario.7.4.5"], result.ScenarioIds);
    }

    [Fact]
    public void Generated_description_survives_a_yaml_round_trip()
    {
        var generated = DescriptionGenerator.Generate(1_000, 2_000);
        var first = new StringWriter();
        DescriptionYamlWriter.Write(generated, first);
        var loaded = DescriptionLoader.Parse(first.ToString(), "generated.yaml");
        var second = new StringWriter();
        DescriptionYamlWriter.Write(loaded, second);
        Assert.Equal(first.ToString(), second.ToString());
        Assert.Equal(
            AssessmentEngine.Assess(generated).Findings.Select(f => (f.Id, f.Severity)),
            AssessmentEngine.Assess(loaded).Findings.Select(f => (f.Id, f.Severity)));
    }

    [Fact]
    public void Generated_yaml_file_loads_and_assesses_like_the_description_in_memory()
    {
        var dir = Directory.CreateTempSubdirectory("palisade-gen-");
        try
        {
            var path = Path.Combine(dir.FullName, "generated.yaml");
            DescriptionGenerator.WriteYaml(path, 500, 1_000);
            var loaded = DescriptionLoader.Load(path);
            Assert.Equal(500, loaded.Assets.Count);
            Assert.Equal(1_000, loaded.Flows.Count);
            Assert.Equal(
                AssessmentEngine.Assess(DescriptionGenerator.Generate(500, 1_000)).Findings.Select(f => f.Id),
                AssessmentEngine.Assess(loaded).Findings.Select(f => f.Id));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Assesses_the_example_plant()
    {
        var result = AssessmentEngine.Assess(DescriptionLoader.Load(FixturePath));
        Assert.Equal("plant.yaml", result.SourceFile);
        Assert.Contains("+", result.CatalogueVersion, StringComparison.Ordinal);
        var byId = result.Findings.ToDictionary(f => f.Id, StringComparer.Ordinal);

        // The accepted risk keeps its severity but records the decision.
        var hmi = byId["threat.6.2.g.4@asset:hmi-1"];
        Assert.Equal(Treatment.Accepted, hmi.Treatment);
        Assert.Equal(Applicability.Open, hmi.Applicability);
        Assert.Equal("plant IT", hmi.Tracking!.Owner);

        // A wildcard marks every access-point finding on a flow as not applicable.
        Assert.All(result.Findings.Where(f => f.ThreatId == "threat.6.2.i"), f => Assert.Equal(Applicability.NotApplicable, f.Applicability));
        Assert.Contains(result.Findings, f => f.ThreatId == "threat.6.2.i");

        // The legacy PLC past its end of support, reachable from the edge.
        Assert.Contains("threat.6.2.g.2@asset:press-plc-3", byId.Keys);
        Assert.Contains("threat.6.2.h.2@zone:scada", byId.Keys);
        Assert.Contains("threat.6.2.n@flow:recipe-export", byId.Keys);
        Assert.Contains("threat.6.2.o@flow:setpoints", byId.Keys);
        Assert.Equal(["scenario.7.4.2.T3"], byId["threat.6.2.o@flow:setpoints"].ScenarioThreatIds);

        // The wireless sensor: one of its two controls is declared for it, the other is not.
        var sensor = byId["threat.6.2.a@asset:vib-7"];
        Assert.Equal(Applicability.Open, sensor.Applicability);
        Assert.Contains(sensor.Controls, c => c.ControlId == "control.8.2.5.a" && c.Presence == ControlPresence.Declared);
        Assert.Contains(sensor.Controls, c => c.ControlId == "control.8.2.5.f" && c.Presence == ControlPresence.Missing);
    }

    [Fact]
    public void Unresolved_reference_in_a_description_built_in_memory_is_a_DescriptionException()
    {
        var description = new DescriptionBuilder().Add("s1", AssetKind.Sensor, "nowhere").Build();
        var ex = Assert.Throws<DescriptionException>(() => AssessmentEngine.Assess(description));
        Assert.Equal("test.yaml: assets[1].zone: unknown zone 'nowhere'", ex.Message);
    }

    [Fact]
    public void A_control_declared_for_another_target_does_not_counter()
    {
        var rule = new WirelessSensorRule();
        var builder = new DescriptionBuilder()
            .Add("s1", AssetKind.Sensor, "field", a => a with { Capabilities = a.Capabilities with { Wireless = true } })
            .Add("s2", AssetKind.Sensor, "field", a => a with { Capabilities = a.Capabilities with { Wireless = true } })
            .Control("control.8.2.5.a", "asset:s2")
            .Control("control.8.2.5.f", "asset:s2");
        var findings = RuleHarness.Run(rule, builder.Build());
        Assert.Equal(Applicability.Open, findings.Single(f => f.TargetId == "s1").Applicability);
        Assert.Equal(Applicability.Countered, findings.Single(f => f.TargetId == "s2").Applicability);
    }

    [Fact]
    public void A_control_declared_for_a_zone_covers_its_assets_and_for_a_participant_what_it_owns()
    {
        var rule = new WirelessSensorRule();
        var builder = new DescriptionBuilder()
            .Add("s1", AssetKind.Sensor, "field", a => a with { Capabilities = a.Capabilities with { Wireless = true } })
            .Control("control.8.2.5.a", "zone:field")
            .Control("control.8.2.5.f", "participant:plant-co");
        Assert.Equal(Applicability.Countered, Assert.Single(RuleHarness.Run(rule, builder.Build())).Applicability);
    }

    [Fact]
    public void Exact_tracking_entry_wins_over_a_pattern_and_the_first_pattern_wins_over_later_ones()
    {
        var rule = new WirelessSensorRule();
        var builder = new DescriptionBuilder()
            .Add("s1", AssetKind.Sensor, "field", a => a with { Capabilities = a.Capabilities with { Wireless = true } })
            .Add("s2", AssetKind.Sensor, "field", a => a with { Capabilities = a.Capabilities with { Wireless = true } })
            .Track("threat.6.2.*@asset:*", TrackingStatus.Transferred)
            .Track("threat.6.2.a@asset:s*", TrackingStatus.Avoided)
            .Track("threat.6.2.a@asset:s1", TrackingStatus.NotApplicable);
        var findings = RuleHarness.Run(rule, builder.Build());
        var s1 = findings.Single(f => f.TargetId == "s1");
        Assert.Equal(Applicability.NotApplicable, s1.Applicability);
        Assert.Equal("not-applicable", s1.Tracking!.Status);
        Assert.Equal("decided in review", s1.Tracking.Justification);
        var s2 = findings.Single(f => f.TargetId == "s2");
        Assert.Equal(Treatment.Transferred, s2.Treatment);
        Assert.Equal("threat.6.2.*@asset:*", s2.Tracking!.Match);
    }

    [Fact]
    public void Open_tracking_status_records_the_note_without_changing_the_finding()
    {
        var rule = new WirelessSensorRule();
        var builder = new DescriptionBuilder()
            .Add("s1", AssetKind.Sensor, "field", a => a with { Capabilities = a.Capabilities with { Wireless = true } })
            .Track("threat.6.2.a@asset:s1", TrackingStatus.Open, null);
        var finding = Assert.Single(RuleHarness.Run(rule, builder.Build()));
        Assert.Equal((Applicability.Open, Treatment.None, "open"), (finding.Applicability, finding.Treatment, finding.Tracking!.Status));
    }

    [Theory]
    [InlineData("threat.6.2.g.1@asset:plc", "threat.6.2.g.*@asset:*", true)]
    [InlineData("threat.6.2.g.1@asset:plc", "threat.6.2.g.1@asset:plc", true)]
    [InlineData("threat.6.2.g.1@asset:plc", "*", true)]
    [InlineData("threat.6.2.g.1@asset:plc", "*@flow:*", false)]
    [InlineData("threat.6.2.a@asset:x", "threat.6.2.a*x", true)]
    [InlineData("threat.6.2.a@asset:x", "threat.6.2.a*xy", false)]
    [InlineData("ab", "a*b*b", false)]
    public void Tracking_patterns_match_like_globs(string id, string pattern, bool matches) =>
        Assert.Equal(matches, RiskTracking.Glob(id, pattern.Split('*')));

    [Theory]
    [InlineData(1, 1, Severity.Info)]
    [InlineData(1, 2, Severity.Info)]
    [InlineData(1, 3, Severity.Low)]
    [InlineData(1, 5, Severity.Low)]
    [InlineData(2, 3, Severity.Medium)]
    [InlineData(3, 3, Severity.Medium)]
    [InlineData(3, 4, Severity.High)]
    [InlineData(4, 4, Severity.High)]
    [InlineData(4, 5, Severity.Critical)]
    [InlineData(5, 5, Severity.Critical)]
    [InlineData(9, 9, Severity.Critical)]
    public void Severity_matrix(int likelihood, int impact, Severity expected) => Assert.Equal(expected, SeverityMatrix.Rate(likelihood, impact));
}
