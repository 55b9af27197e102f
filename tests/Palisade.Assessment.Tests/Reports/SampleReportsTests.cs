using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Reports;
using Xunit;

namespace Palisade.Assessment.Tests.Reports;

/// <summary>Every sample of samples/ assessed by the real engine and catalogue, and every report checked.</summary>
public sealed class SampleReportsTests
{
    public static TheoryData<string, string> Samples => new()
    {
        { "production-optimisation.yaml", "scenario.7.4.2" },
        { "product-customisation.yaml", "scenario.7.4.3" },
        { "multilevel-security-production.yaml", "scenario.7.4.4" },
        { "transnational-cooperation.yaml", "scenario.7.4.5" },
    };

    private static ReportContext Assess(string sample)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "samples", sample);
        var text = File.ReadAllText(path);
        var description = DescriptionLoader.Parse(text, "samples/" + sample);
        var result = AssessmentEngine.Assess(description);
        return new ReportContext(result, ReportCatalogue.Default, null, null, TargetLineIndex.Build(text, sample)) { ToolVersion = "test" };
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_sarif_validates_against_the_schema_and_points_at_description_lines(string sample, string scenario)
    {
        var context = Assess(sample);
        var sarif = SarifReportWriter.Render(context);

        SarifReportWriterTests.AssertValidSarif(sarif);
        Assert.Contains("\"startLine\": ", sarif, StringComparison.Ordinal);
        Assert.Equal([scenario], context.Result.ScenarioIds);
        Assert.Contains(context.Result.Findings, f => f.ScenarioThreatIds.Count > 0);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_html_shows_the_full_matrix_and_its_scenario_with_every_Tn(string sample, string scenario)
    {
        var context = Assess(sample);
        var html = HtmlReportWriter.Render(context);

        Assert.Equal(12, CountOf(html, " data-domain=\""));
        var view = ReportCatalogue.Default.Scenario(scenario)!;
        var start = html.IndexOf($"<section class=\"scenario\" id=\"{scenario}\">", StringComparison.Ordinal);
        Assert.True(start > 0);
        var section = html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
        foreach (var tn in view.Threats)
        {
            Assert.Contains($"\">{tn.Label}</td>", section, StringComparison.Ordinal);
        }

        // Every Tn of the scenario resolves to a threat this sample raises (the samples are built to show the whole scenario).
        Assert.All(view.Threats, tn => Assert.Contains(context.Result.Findings, f => f.ScenarioThreatIds.Contains(tn.Id)));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_reports_are_reproducible(string sample, string scenario)
    {
        _ = scenario;
        var first = Assess(sample);
        var second = Assess(sample);

        Assert.Equal(MarkdownReportWriter.Render(first), MarkdownReportWriter.Render(second));
        Assert.Equal(HtmlReportWriter.Render(first), HtmlReportWriter.Render(second));
        Assert.Equal(SarifReportWriter.Render(first), SarifReportWriter.Render(second));
        Assert.Equal(JsonReportWriter.Render(first.Result), JsonReportWriter.Render(second.Result));
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

}
