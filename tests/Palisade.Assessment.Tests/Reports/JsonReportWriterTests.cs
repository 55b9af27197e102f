using System.Text;
using System.Text.Json;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Reports;
using Xunit;

namespace Palisade.Assessment.Tests.Reports;

public sealed class JsonReportWriterTests
{
    [Fact]
    public void Result_round_trips_through_json_unchanged()
    {
        var original = ReportFixtures.Sample();
        var json = JsonReportWriter.Render(original);

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var read = JsonReportWriter.Read(stream, "result.json");

        Assert.Equal(json, JsonReportWriter.Render(read));
        Assert.Equal(original.Findings.Count, read.Findings.Count);
        var accepted = read.Findings.Single(f => f.TargetId == "press-line-3");
        Assert.Equal(Treatment.Accepted, accepted.Treatment);
        Assert.Equal(new DateOnly(2026, 6, 30), accepted.Tracking!.Date);
        Assert.Equal(original.Findings[1].Controls, read.Findings[1].Controls);
    }

    [Fact]
    public void Properties_are_written_in_a_stable_order_with_enum_names()
    {
        var json = JsonReportWriter.Render(ReportFixtures.Sample());
        using var doc = JsonDocument.Parse(json);

        Assert.Equal(["descriptionName", "sourceFile", "catalogueVersion", "findings", "scenarioIds"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        var first = doc.RootElement.GetProperty("findings")[0];
        Assert.Equal(
            ["id", "threatId", "ruleId", "targetKind", "targetId", "title", "rationale", "likelihood", "impact", "severity", "applicability", "treatment",
             "controls", "objectiveIds", "domainIds", "stageIds", "scenarioThreatIds", "tracking"],
            first.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Critical", first.GetProperty("severity").GetString());
        Assert.Equal("Missing", first.GetProperty("controls")[0].GetProperty("presence").GetString());
        Assert.DoesNotContain('\r', json);
        Assert.Equal(json, JsonReportWriter.Render(ReportFixtures.Sample()));
    }

    [Fact]
    public void Malformed_baseline_names_file_line_and_field()
    {
        var json = JsonReportWriter.Render(ReportFixtures.Sample()).Replace("\"severity\": \"High\"", "\"severity\": \"Severe\"", StringComparison.Ordinal);
        var expectedLine = json[..json.IndexOf("\"Severe\"", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var ex = Assert.Throws<ReportInputException>(() => JsonReportWriter.Read(stream, "old/baseline.json"));

        Assert.Equal("old/baseline.json", ex.File);
        Assert.Equal(expectedLine, ex.Line);
        Assert.Equal("$.findings[1].severity", ex.Field);
        Assert.StartsWith($"old/baseline.json:{expectedLine}: $.findings[1].severity: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Baseline_that_is_not_json_is_reported_with_its_line()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("{\n  \"descriptionName\": \"x\",\n  oops\n}"));

        var ex = Assert.Throws<ReportInputException>(() => JsonReportWriter.Read(stream, "b.json"));

        Assert.Equal(3, ex.Line);
    }
}
