using Palisade.Assessment.Findings;
using Palisade.Assessment.Reports;
using Xunit;

namespace Palisade.Assessment.Tests.Reports;

public sealed class MarkdownReportWriterTests
{
    [Fact]
    public void Same_input_gives_byte_identical_output()
    {
        var first = MarkdownReportWriter.Render(ReportFixtures.Context(ReportFixtures.Sample()));
        var second = MarkdownReportWriter.Render(ReportFixtures.Context(ReportFixtures.Sample()));

        Assert.Equal(first, second);
        Assert.DoesNotContain("Generated:", first, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', first);
    }

    [Fact]
    public void Timestamp_appears_only_when_passed_in()
    {
        var context = ReportFixtures.Context() with { GeneratedAt = new DateTimeOffset(2026, 11, 25, 22, 0, 0, TimeSpan.FromHours(1)) };

        var md = MarkdownReportWriter.Render(context);

        Assert.Contains("- Generated: 2026-11-25T21:00:00Z", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_counts_open_treated_countered_and_not_applicable_by_severity()
    {
        var md = MarkdownReportWriter.Render(ReportFixtures.Context());

        Assert.Contains("| Critical | 1 | 0 | 0 | 0 |", md, StringComparison.Ordinal);
        Assert.Contains("| High | 2 | 0 | 0 | 0 |", md, StringComparison.Ordinal);
        Assert.Contains("| Medium | 1 | 1 | 0 | 0 |", md, StringComparison.Ordinal);
        Assert.Contains("| Low | 0 | 0 | 1 | 0 |", md, StringComparison.Ordinal);
        Assert.Contains("| Info | 0 | 0 | 0 | 1 |", md, StringComparison.Ordinal);
        Assert.Contains("7 findings; 4 open.", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_findings_are_listed_by_priority_with_missing_controls_linked_by_id_and_title()
    {
        var md = MarkdownReportWriter.Render(ReportFixtures.Context());
        var section = Section(md, "## Open findings by priority");
        var rows = section.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && char.IsAsciiDigit(l[2])).ToList();

        Assert.Equal(4, rows.Count);
        Assert.StartsWith("| 1 | P1 | Critical | 5×5 |", rows[0], StringComparison.Ordinal);
        Assert.Contains("hmi-win7", rows[0], StringComparison.Ordinal);
        Assert.StartsWith("| 2 | P2 | High | 4×4 |", rows[1], StringComparison.Ordinal);
        Assert.StartsWith("| 3 | P2 | High | 4×3 |", rows[2], StringComparison.Ordinal);
        Assert.StartsWith("| 4 | P3 | Medium |", rows[3], StringComparison.Ordinal);
        Assert.Contains("[control.8.2.3.b Patch or isolate end-of-support systems](#control.8.2.3.b)", rows[0], StringComparison.Ordinal);
        Assert.DoesNotContain("press-line-3", section, StringComparison.Ordinal);
        // The glossary holds the anchor the link points at.
        Assert.Contains("<a id=\"control.8.2.3.b\"></a>`control.8.2.3.b` — Patch or isolate end-of-support systems (8.2.3 b))", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_business_scenario_used_gets_a_section_with_its_Tn_threats()
    {
        var md = MarkdownReportWriter.Render(ReportFixtures.Context());
        var section = Section(md, "## Business scenarios");

        Assert.Contains("### Multilevel security production (7.4.4)", section, StringComparison.Ordinal);
        Assert.Contains("| T1 | Wireless sensors attacked, cluster heads exposed (`threat.6.2.a`) | 2 | High |", section, StringComparison.Ordinal);
        Assert.Contains("| T2 | Edge platform attacked or failing (`threat.6.2.b`) | 0 | — | [edge-01]", section, StringComparison.Ordinal);
        Assert.Contains("| T5 | Legacy devices hacked (`threat.6.2.h`) | 1 | Critical |", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Matrix_row_shows_open_count_and_highest_severity_per_stage()
    {
        var md = MarkdownReportWriter.Render(ReportFixtures.Context());

        Assert.Contains("| Edge | **2 open** (High); 0 countered | **1 open** (Critical); 1 countered | 0 open; 0 countered |", md, StringComparison.Ordinal);
        Assert.Contains("| Development and production | Utilization and support | Retirement |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_from_the_description_cannot_break_tables_or_inject_markup()
    {
        var hostile = ReportFixtures.Sample() with
        {
            DescriptionName = "Plant <script>alert(1)</script> | x",
            Findings = [ReportFixtures.Make("threat.6.2.a", "s", Severity.High, title: "Sensor | <img src=x onerror=alert(1)> [link](http://evil)")],
        };

        var md = MarkdownReportWriter.Render(ReportFixtures.Context(hostile));

        Assert.DoesNotContain("<script>", md, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", md, StringComparison.Ordinal);
        Assert.DoesNotContain("[link](", md, StringComparison.Ordinal);
        Assert.Contains("\\[link\\](http://evil)", md, StringComparison.Ordinal);
        Assert.Contains("Plant &lt;script&gt;alert(1)&lt;/script&gt; \\| x", md, StringComparison.Ordinal);
        var row = md.Split('\n').Single(l => l.StartsWith("| 1 | P2", StringComparison.Ordinal));
        Assert.Equal(8, row.Split(" | ").Length);
    }

    [Fact]
    public void Baseline_section_lists_new_changed_and_fixed_findings()
    {
        var current = ReportFixtures.Sample();
        var baseline = current with
        {
            Findings =
            [
                .. current.Findings.Where(f => f.TargetId != "hmi-win7" && f.TargetId != "temp-sensor-7").Select(f => f.TargetId == "cell-network" ? f with { Severity = Severity.Low } : f),
                ReportFixtures.Make("threat.6.2.k", "old-switch", Severity.High),
            ],
        };
        var diff = BaselineComparison.Compare(current, baseline, "baseline.json");

        var md = MarkdownReportWriter.Render(ReportFixtures.Context(current, diff));
        var section = Section(md, "## Since the baseline");

        Assert.Contains("| 2 | 1 | 1 | 0 | 4 |", section, StringComparison.Ordinal);
        Assert.Contains("`threat.6.2.h@asset:hmi-win7`", Section(section, "### New"), StringComparison.Ordinal);
        Assert.Contains("(severity Low → Medium)", Section(section, "### Changed"), StringComparison.Ordinal);
        Assert.Contains("`threat.6.2.k@asset:old-switch`", Section(section, "### Fixed"), StringComparison.Ordinal);
        Assert.Contains("- Since baseline: new", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_result_still_renders_every_section()
    {
        var md = MarkdownReportWriter.Render(ReportFixtures.Context(ReportFixtures.Sample() with { Findings = [], ScenarioIds = [] }));

        Assert.Contains("No open findings.", md, StringComparison.Ordinal);
        Assert.Contains("## All findings\n\nNone.", md, StringComparison.Ordinal);
    }

    /// <summary>The text from a heading to the next heading of the same or higher level.</summary>
    internal static string Section(string text, string heading)
    {
        var start = text.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"heading '{heading}' not found");
        var level = heading.TakeWhile(c => c == '#').Count();
        var marker = "\n" + new string('#', level) + " ";
        var end = text.IndexOf(marker, start + heading.Length, StringComparison.Ordinal);
        for (var l = level - 1; l >= 1 && end < 0; l--)
        {
            end = text.IndexOf("\n" + new string('#', l) + " ", start + heading.Length, StringComparison.Ordinal);
        }

        return end < 0 ? text[start..] : text[start..end];
    }
}
