using System.Text.RegularExpressions;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Reports;
using Xunit;

namespace Palisade.Assessment.Tests.Reports;

public sealed class HtmlReportWriterTests
{
    [Fact]
    public void Same_input_gives_byte_identical_output()
    {
        Assert.Equal(HtmlReportWriter.Render(ReportFixtures.Context()), HtmlReportWriter.Render(ReportFixtures.Context()));
    }

    [Fact]
    public void Asset_name_with_a_script_tag_is_encoded_and_no_script_element_exists()
    {
        var result = ReportFixtures.Sample(assetName: "<script>alert('pwned')</script>");

        var html = HtmlReportWriter.Render(ReportFixtures.Context(result));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Attribute_values_from_the_description_cannot_break_out_of_quotes()
    {
        var result = ReportFixtures.Sample() with
        {
            Findings = [ReportFixtures.Make("threat.6.2.a", "x\" onmouseover=\"alert(1)", Severity.High)],
        };

        var html = HtmlReportWriter.Render(ReportFixtures.Context(result));

        Assert.DoesNotContain("onmouseover=\"", html, StringComparison.Ordinal);
        Assert.Contains("onmouseover=&quot;alert(1)", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_is_self_contained_without_scripts_or_remote_resources()
    {
        var html = HtmlReportWriter.Render(ReportFixtures.Context());

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex("<(script|link|iframe|object|embed|img)\\b", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex("(src|href)\\s*=\\s*\"(https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
        Assert.DoesNotContain("url(", html, StringComparison.Ordinal);
        Assert.Contains("Content-Security-Policy\" content=\"default-src 'none'", html, StringComparison.Ordinal);
        // Every in-page link points at an element of the page.
        foreach (Match link in Regex.Matches(html, "href=\"#([^\"]+)\""))
        {
            Assert.Contains($"id=\"{link.Groups[1].Value}\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Matrix_has_four_domains_by_three_stages_coloured_by_highest_open_severity()
    {
        var html = HtmlReportWriter.Render(ReportFixtures.Context());

        var cells = Regex.Matches(html, "<td class=\"(sev-[A-Za-z]+)\" data-domain=\"([^\"]+)\" data-stage=\"([^\"]+)\"><span class=\"n\">(\\d+)</span>");
        Assert.Equal(12, cells.Count);
        string CellOf(string domain, string stage) =>
            cells.Single(m => m.Groups[2].Value == domain && m.Groups[3].Value == stage) is var m ? m.Groups[1].Value + "/" + m.Groups[4].Value : "";
        Assert.Equal("sev-Critical/1", CellOf(ReportFixtures.DomainEdge, ReportFixtures.StageUse));
        Assert.Equal("sev-High/2", CellOf(ReportFixtures.DomainEdge, ReportFixtures.StageDev));
        Assert.Equal("sev-Medium/1", CellOf(ReportFixtures.DomainInfra, ReportFixtures.StageDev));
        // Accepted risk in retirement is treated, not open: the cell is not coloured as a risk.
        Assert.Equal("sev-none/0", CellOf(ReportFixtures.DomainEdge, ReportFixtures.StageRetire));
        Assert.Equal("sev-none/0", CellOf(ReportFixtures.DomainPlatform, ReportFixtures.StageUse));
    }

    [Fact]
    public void Each_business_scenario_used_has_a_view_with_its_Tn_threats_and_findings()
    {
        var html = HtmlReportWriter.Render(ReportFixtures.Context());

        var start = html.IndexOf("<section class=\"scenario\" id=\"scenario.7.4.4\">", StringComparison.Ordinal);
        Assert.True(start > 0);
        var view = html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
        Assert.Contains("Multilevel security production", view, StringComparison.Ordinal);
        Assert.Equal(5, Regex.Count(view, "<td class=\"tn "));
        Assert.Contains("<td class=\"tn sev-Critical\">T5</td>", view, StringComparison.Ordinal);
        Assert.Contains("<td class=\"tn sev-none\">T2</td>", view, StringComparison.Ordinal);
        Assert.Contains("<code>vibration-sensor-12</code>", view, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_table_lists_every_finding_with_controls_and_baseline_state()
    {
        var current = ReportFixtures.Sample();
        var diff = BaselineComparison.Compare(current, current with { Findings = current.Findings.Skip(1).ToList() }, "prev.json");

        var html = HtmlReportWriter.Render(ReportFixtures.Context(current, diff));

        foreach (var f in current.Findings)
        {
            Assert.Contains($"<tr id=\"{MarkdownText.Anchor(f.Id)}\">", html, StringComparison.Ordinal);
        }

        Assert.Contains("<span class=\"badge bl-New\">new</span>", html, StringComparison.Ordinal);
        Assert.Contains("<code>control.8.2.2.a</code> Unique device identity and mutual authentication — <strong>enforced</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge st-treated\">accepted</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_scenario_ids_still_get_a_view_from_the_findings()
    {
        var result = ReportFixtures.Sample() with
        {
            ScenarioIds = ["scenario.9.9"],
            Findings = [ReportFixtures.Make("threat.6.2.a", "s", Severity.High, scenarioThreats: ["scenario.9.9.T3"])],
        };

        var html = HtmlReportWriter.Render(ReportFixtures.Context(result));

        Assert.Contains("<td class=\"tn sev-High\">T3</td>", html, StringComparison.Ordinal);
    }
}
