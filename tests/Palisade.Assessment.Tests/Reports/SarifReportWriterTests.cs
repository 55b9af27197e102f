using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Reports;
using Xunit;

namespace Palisade.Assessment.Tests.Reports;

public sealed class SarifReportWriterTests
{
    private static readonly Lazy<JsonSchema> Schema = new(LoadSchema);

    /// <summary>
    /// The official OASIS schema (draft-04) evaluated with JsonSchema.Net's draft-06 dialect: see Schemas/README.md for
    /// why that is the same validation for this schema.
    /// </summary>
    private static JsonSchema LoadSchema()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Reports", "Schemas", "sarif-schema-2.1.0.json");
        var text = File.ReadAllText(path).Replace(
            "\"$schema\": \"http://json-schema.org/draft-04/schema#\"",
            "\"$schema\": \"http://json-schema.org/draft-06/schema#\"",
            StringComparison.Ordinal);
        return JsonSchema.FromText(text, baseUri: new Uri("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"));
    }

    internal static void AssertValidSarif(string sarif)
    {
        using var doc = JsonDocument.Parse(sarif);
        var evaluation = Schema.Value.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (!evaluation.IsValid)
        {
            var errors = (evaluation.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
                .Take(20);
            Assert.Fail("SARIF does not validate against the 2.1.0 schema:\n" + string.Join("\n", errors));
        }
    }

    [Fact]
    public void Output_validates_against_the_official_sarif_2_1_0_schema()
    {
        var current = ReportFixtures.Sample();
        var diff = BaselineComparison.Compare(current, current with { Findings = [.. current.Findings.Skip(1), ReportFixtures.Make("threat.6.2.k", "gone", Severity.High)] }, "b.json");
        var lines = new Dictionary<string, int>(StringComparer.Ordinal) { ["asset:hmi-win7"] = 42 };

        AssertValidSarif(SarifReportWriter.Render(ReportFixtures.Context(current)));
        AssertValidSarif(SarifReportWriter.Render(ReportFixtures.Context(current, diff, lines)));
        AssertValidSarif(SarifReportWriter.Render(ReportFixtures.Context(current with { Findings = [] })));
    }

    [Fact]
    public void Schema_check_rejects_a_result_without_a_message()
    {
        // Proves the validation in these tests has teeth: a required SARIF property removed must fail.
        var node = JsonNode.Parse(SarifReportWriter.Render(ReportFixtures.Context()))!;
        node["runs"]![0]!["results"]![0]!.AsObject().Remove("message");
        using var doc = JsonDocument.Parse(node.ToJsonString());

        Assert.False(Schema.Value.Evaluate(doc.RootElement).IsValid);
    }

    [Fact]
    public void Rules_are_the_catalogue_threats_and_results_reference_them_by_id_and_index()
    {
        var root = JsonNode.Parse(SarifReportWriter.Render(ReportFixtures.Context()))!;
        var run = root["runs"]![0]!;
        var rules = run["tool"]!["driver"]!["rules"]!.AsArray();

        Assert.Equal(["threat.6.2.a", "threat.6.2.b", "threat.6.2.c", "threat.6.2.h", "threat.6.2.k"], rules.Select(r => r!["id"]!.GetValue<string>()));
        Assert.Equal("Wireless sensors tampered with to copy or alter data", rules[0]!["shortDescription"]!["text"]!.GetValue<string>());
        Assert.Equal("WirelessSensorsTamperedWithToCopyOrAlterData", rules[0]!["name"]!.GetValue<string>());
        Assert.Null(rules[0]!["helpUri"]);
        foreach (var result in run["results"]!.AsArray())
        {
            var index = result!["ruleIndex"]!.GetValue<int>();
            Assert.Equal(result["ruleId"]!.GetValue<string>(), rules[index]!["id"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Level_and_kind_follow_severity_and_status()
    {
        var results = Results(ReportFixtures.Context());

        Assert.Equal(("fail", "error"), KindLevel(results, "threat.6.2.h@asset:hmi-win7"));
        Assert.Equal(("fail", "error"), KindLevel(results, "threat.6.2.a@asset:vibration-sensor-12"));
        Assert.Equal(("fail", "warning"), KindLevel(results, "threat.6.2.k@zone:cell-network"));
        Assert.Equal(("pass", "none"), KindLevel(results, "threat.6.2.b@asset:edge-01"));
        Assert.Equal(("notApplicable", "none"), KindLevel(results, "threat.6.2.h@asset:plc-s7-300"));
        var accepted = results.Single(r => Id(r) == "threat.6.2.c@asset:press-line-3")!;
        Assert.Equal(("fail", "warning"), KindLevel(results, "threat.6.2.c@asset:press-line-3"));
        Assert.Equal("external", accepted["suppressions"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal("accepted: Replaced in Q3; isolated VLAN until then (owner j.huber)", accepted["suppressions"]![0]!["justification"]!.GetValue<string>());
    }

    [Fact]
    public void Results_point_at_the_description_file_and_line_and_name_the_target()
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal) { ["asset:hmi-win7"] = 42 };
        var results = Results(ReportFixtures.Context(lines: lines));

        var withLine = results.Single(r => Id(r) == "threat.6.2.h@asset:hmi-win7")!["locations"]![0]!;
        Assert.Equal("samples/multilevel-security-production.yaml", withLine["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>());
        Assert.Equal(42, withLine["physicalLocation"]!["region"]!["startLine"]!.GetValue<int>());
        Assert.Equal("asset:hmi-win7", withLine["logicalLocations"]![0]!["fullyQualifiedName"]!.GetValue<string>());
        var withoutLine = results.Single(r => Id(r) == "threat.6.2.k@zone:cell-network")!["locations"]![0]!;
        Assert.Null(withoutLine["physicalLocation"]!["region"]);
        Assert.Equal("zone", withoutLine["logicalLocations"]![0]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public void Partial_fingerprints_carry_the_stable_finding_id()
    {
        foreach (var result in Results(ReportFixtures.Context()))
        {
            Assert.Equal(result!["properties"]!["findingId"]!.GetValue<string>(), result["partialFingerprints"]![SarifReportWriter.FingerprintKey]!.GetValue<string>());
        }
    }

    [Fact]
    public void Baseline_state_is_new_unchanged_updated_or_absent()
    {
        var current = ReportFixtures.Sample();
        var previous = current with
        {
            Findings =
            [
                .. current.Findings.Skip(1).Select(f => f.TargetId == "cell-network" ? f with { Severity = Severity.High } : f),
                ReportFixtures.Make("threat.6.2.k", "old-switch", Severity.High),
            ],
        };
        var results = Results(ReportFixtures.Context(current, BaselineComparison.Compare(current, previous, "b.json")));

        string? State(string id) => results.Single(r => Id(r) == id)!["baselineState"]?.GetValue<string>();
        Assert.Equal("new", State("threat.6.2.h@asset:hmi-win7"));
        Assert.Equal("unchanged", State("threat.6.2.a@asset:temp-sensor-7"));
        Assert.Equal("updated", State("threat.6.2.k@zone:cell-network"));
        Assert.Equal("absent", State("threat.6.2.k@asset:old-switch"));
        Assert.Null(Results(ReportFixtures.Context(current))[0]!["baselineState"]);
    }

    [Fact]
    public void Same_input_gives_byte_identical_output()
    {
        Assert.Equal(SarifReportWriter.Render(ReportFixtures.Context()), SarifReportWriter.Render(ReportFixtures.Context()));
    }

    [Theory]
    [InlineData("samples/a b.yaml", "samples/a%20b.yaml")]
    [InlineData("samples\\x.yaml", "samples/x.yaml")]
    [InlineData("/abs/plant.yaml", "file:///abs/plant.yaml")]
    public void Artifact_uri_is_a_valid_uri_reference(string path, string expected)
    {
        Assert.Equal(expected, SarifReportWriter.ArtifactUri(path));
    }

    private static JsonArray Results(ReportContext context) =>
        JsonNode.Parse(SarifReportWriter.Render(context))!["runs"]![0]!["results"]!.AsArray();

    private static string Id(JsonNode? result) => result!["partialFingerprints"]![SarifReportWriter.FingerprintKey]!.GetValue<string>();

    private static (string, string) KindLevel(JsonArray results, string id)
    {
        var r = results.Single(x => Id(x) == id)!;
        return (r["kind"]!.GetValue<string>(), r["level"]!.GetValue<string>());
    }
}
