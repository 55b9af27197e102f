using System.Text;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Reports;
using Xunit;

namespace Palisade.Assessment.Tests.Reports;

/// <summary>
/// Pins the reports of the samples byte for byte (JSON of every sample; Markdown, HTML, SARIF and Markdown with a baseline of one) against
/// files in <c>Reports/Pinned/</c>, so performance work on the engine can prove it changed no output. When a report is
/// meant to change, regenerate them with <c>PALISADE_UPDATE_PINNED=1 dotnet test</c> and review the diff.
/// </summary>
public sealed class PinnedReportsTests
{
    private const string FullyPinned = "transnational-cooperation.yaml";
    private static readonly DateOnly AsOf = new(2026, 11, 25);

    public static TheoryData<string> Samples => new()
    {
        "production-optimisation.yaml",
        "product-customisation.yaml",
        "multilevel-security-production.yaml",
        "transnational-cooperation.yaml",
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_reports_are_byte_identical_to_the_pinned_ones(string sample)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "samples", sample);
        var text = File.ReadAllText(path);
        var result = AssessmentEngine.Assess(DescriptionLoader.Parse(text, "samples/" + sample), new AssessmentOptions { AsOf = AsOf });
        var context = new ReportContext(result, ReportCatalogue.Default, null, null, TargetLineIndex.Build(text, sample)) { ToolVersion = "test" };

        // A baseline of the same assessment with its first finding dropped: one "new" finding shows in the comparison.
        var previous = result with { Findings = result.Findings.Skip(1).ToList() };
        var compared = context with { Baseline = BaselineComparison.Compare(result, previous, "baseline.json") };

        var stem = Path.GetFileNameWithoutExtension(sample);
        // JSON carries every field of every finding; the other formats are pinned for one sample to keep the repository small.
        Check(stem + ".assessment.json", JsonReportWriter.Render(result));
        if (sample == FullyPinned)
        {
            Check(stem + ".assessment.md", MarkdownReportWriter.Render(context));
            Check(stem + ".assessment.html", HtmlReportWriter.Render(context));
            Check(stem + ".assessment.sarif", SarifReportWriter.Render(context));
            Check(stem + ".baseline.md", MarkdownReportWriter.Render(compared));
        }
    }

    private static void Check(string name, string actual)
    {
        var pinned = Path.Combine(SourceDirectory(), "Reports", "Pinned", name);
        if (Environment.GetEnvironmentVariable("PALISADE_UPDATE_PINNED") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(pinned)!);
            File.WriteAllText(pinned, actual, new UTF8Encoding(false));
            return;
        }

        Assert.True(File.Exists(pinned), $"no pinned report {pinned}; create it with PALISADE_UPDATE_PINNED=1");
        var expected = File.ReadAllText(pinned, Encoding.UTF8);
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            var at = 0;
            while (at < expected.Length && at < actual.Length && expected[at] == actual[at])
            {
                at++;
            }

            var line = expected.AsSpan(0, Math.Min(at, expected.Length)).Count('\n') + 1;
            Assert.Fail($"{name} differs from the pinned report from line {line}: expected '{Excerpt(expected, at)}', got '{Excerpt(actual, at)}'");
        }
    }

    private static string Excerpt(string text, int at) => at >= text.Length ? "<end>" : text.Substring(at, Math.Min(80, text.Length - at));

    /// <summary>The test project's source folder (pinned files live beside the tests, not in the build output).</summary>
    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(file))!;
}
