using System.Globalization;
using System.Net;
using System.Text;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Reports;

/// <summary>
/// The HTML report: one self-contained file (inline CSS, no script, no external font, image or link fetched), with
/// the domain × life-cycle matrix coloured by the highest open severity, one view per business scenario used
/// (its Tn threats and their findings), the open findings by priority and the full findings table.
/// Every text that comes from the description or the catalogue is HTML-encoded, and a Content-Security-Policy
/// forbids scripts and remote loads, so a hostile description cannot turn the report into an attack.
/// </summary>
internal static class HtmlReportWriter
{
    private const string Css = """
        :root{--crit:#7f0000;--high:#c62828;--med:#ef6c00;--low:#f9a825;--info:#78909c;--ok:#2e7d32;--okbg:#e8f5e9;--line:#d0d7de;--ink:#1f2328;--muted:#59636e}
        *{box-sizing:border-box}
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);margin:0;padding:24px 32px;background:#fff;line-height:1.45;font-size:14px}
        h1{font-size:26px;margin:0 0 4px}
        h2{font-size:20px;margin:32px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
        h3{font-size:16px;margin:20px 0 6px}
        .meta{color:var(--muted);margin:0 0 16px}
        .meta code{color:var(--ink)}
        code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;background:#f6f8fa;padding:1px 4px;border-radius:4px}
        .cards{display:flex;gap:12px;flex-wrap:wrap;margin:8px 0 4px}
        .card{min-width:130px;padding:10px 14px;border-radius:8px;color:#fff}
        .card .n{font-size:28px;font-weight:700;display:block}
        .card.muted{background:#eef1f4;color:var(--ink)}
        .sev-Critical{background:var(--crit);color:#fff}
        .sev-High{background:var(--high);color:#fff}
        .sev-Medium{background:var(--med);color:#fff}
        .sev-Low{background:var(--low);color:#1f2328}
        .sev-Info{background:var(--info);color:#fff}
        .sev-none{background:var(--okbg);color:var(--ok)}
        table{border-collapse:collapse;width:100%;margin:8px 0 12px}
        th,td{border:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
        th{background:#f6f8fa;font-weight:600}
        td.num,th.num{text-align:right}
        table.matrix td{height:86px;width:26%;text-align:center;vertical-align:middle}
        table.matrix td .n{font-size:24px;font-weight:700;display:block}
        table.matrix th.domain{width:22%}
        .badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap}
        .st-open{background:#ffebe9;color:#a40e26}
        .st-countered{background:var(--okbg);color:var(--ok)}
        .st-na{background:#eef1f4;color:var(--muted)}
        .st-treated{background:#fff8c5;color:#7d4e00}
        .bl-New{background:#ddf4ff;color:#0550ae}
        .bl-Changed{background:#fff8c5;color:#7d4e00}
        .bl-Fixed{background:var(--okbg);color:var(--ok)}
        .bl-Removed,.bl-Unchanged{background:#eef1f4;color:var(--muted)}
        .scenario{border:1px solid var(--line);border-radius:8px;padding:4px 16px 8px;margin:12px 0}
        .tn{font-weight:700;white-space:nowrap}
        ul.flist{margin:4px 0;padding-left:18px}
        .small{font-size:12px;color:var(--muted)}
        footer{margin-top:32px;color:var(--muted);font-size:12px}
        """;

    public static string Render(ReportContext context)
    {
        var sb = new StringBuilder(32 * 1024);
        Write(sb, context);
        return sb.ToString();
    }

    public static void Write(StringBuilder sb, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(context);
        var result = context.Result;
        var facts = new ReportFacts(context);

        Line(sb, "<!DOCTYPE html>");
        Line(sb, "<html lang=\"en\">");
        Line(sb, "<head>");
        Line(sb, "<meta charset=\"utf-8\">");
        // No script may run and nothing may be fetched: the report is data about a factory, opened from disk or mail.
        Line(sb, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">");
        Line(sb, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        Line(sb, "<title>Palisade assessment: " + E(result.DescriptionName) + "</title>");
        Line(sb, "<style>");
        Line(sb, Css);
        Line(sb, "</style>");
        Line(sb, "</head>");
        Line(sb, "<body>");
        Line(sb, "<h1>Palisade assessment: " + E(result.DescriptionName) + "</h1>");
        var meta = new StringBuilder();
        meta.Append("Description <code>").Append(E(result.SourceFile)).Append("</code> · SRM catalogue <code>")
            .Append(E(result.CatalogueVersion)).Append("</code> (ISO/IEC 24392:2023) · Palisade <code>").Append(E(context.ToolVersion)).Append("</code>");
        if (context.GeneratedAt is { } at)
        {
            meta.Append(" · generated ").Append(at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        Line(sb, "<p class=\"meta\">" + meta + "</p>");

        WriteSummary(sb, facts, result);
        if (context.Baseline is { } baseline)
        {
            WriteBaseline(sb, baseline);
        }

        WriteMatrix(sb, facts);
        WriteScenarios(sb, facts, context);
        WritePriorities(sb, facts, context);
        WriteFindings(sb, context);
        Line(sb, "<footer>Open: the threat applies, no control counters it and no treatment is recorded. Treated: risk tracking records a decision. "
            + "Which controls counter which threat is Palisade's analysis, not text of the standard.</footer>");
        Line(sb, "</body>");
        Line(sb, "</html>");
    }

    private static void WriteSummary(StringBuilder sb, ReportFacts facts, AssessmentResult result)
    {
        Line(sb, "<h2 id=\"summary\">Summary</h2>");
        Line(sb, Invariant($"<p>{result.Findings.Count} findings, <strong>{facts.OpenByPriority.Count} open</strong>.</p>"));
        Line(sb, "<div class=\"cards\">");
        foreach (var row in facts.SeverityRows)
        {
            var cls = row.Open > 0 ? "sev-" + row.Severity : "muted";
            Line(sb, Invariant($"<div class=\"card {cls}\"><span class=\"n\">{row.Open}</span>{row.Severity} open</div>"));
        }

        Line(sb, "</div>");
        Line(sb, "<table class=\"summary\"><thead><tr><th>Severity</th><th class=\"num\">Open</th><th class=\"num\">Treated</th><th class=\"num\">Countered</th><th class=\"num\">Not applicable</th></tr></thead><tbody>");
        foreach (var row in facts.SeverityRows)
        {
            Line(sb, Invariant($"<tr><td>{row.Severity}</td><td class=\"num\">{row.Open}</td><td class=\"num\">{row.Treated}</td><td class=\"num\">{row.Countered}</td><td class=\"num\">{row.NotApplicable}</td></tr>"));
        }

        Line(sb, "</tbody></table>");
    }

    private static void WriteBaseline(StringBuilder sb, BaselineComparison baseline)
    {
        Line(sb, "<h2 id=\"baseline\">Since the baseline</h2>");
        Line(sb, "<p>Compared by finding id with <code>" + E(baseline.BaselineSource) + "</code>.</p>");
        Line(sb, "<div class=\"cards\">");
        foreach (var state in new[] { BaselineState.New, BaselineState.Changed, BaselineState.Fixed, BaselineState.Removed, BaselineState.Unchanged })
        {
            Line(sb, Invariant($"<div class=\"card muted\"><span class=\"n\">{baseline.Count(state)}</span>{state}</div>"));
        }

        Line(sb, "</div>");
        var changes = baseline.Entries.Where(e => e.State != BaselineState.Unchanged).ToList();
        if (changes.Count == 0)
        {
            return;
        }

        Line(sb, "<table><thead><tr><th>Change</th><th>Finding</th><th>Title</th><th>Detail</th></tr></thead><tbody>");
        foreach (var entry in changes)
        {
            var finding = entry.Current ?? entry.Previous!;
            var detail = entry.State switch
            {
                BaselineState.Changed => entry.Change,
                BaselineState.Fixed or BaselineState.Removed when entry.Current is null => "no longer reported",
                BaselineState.Fixed => "now " + FindingStatus.Label(entry.Current!),
                _ => finding.Severity + ", " + FindingStatus.Label(finding),
            };
            Line(sb, "<tr><td>" + BaselineBadge(entry.State) + "</td><td><code>" + E(entry.Id) + "</code></td><td>" + E(finding.Title) + "</td><td>" + E(detail) + "</td></tr>");
        }

        Line(sb, "</tbody></table>");
    }

    private static void WriteMatrix(StringBuilder sb, ReportFacts facts)
    {
        Line(sb, "<h2 id=\"matrix\">Security domains × life-cycle stages</h2>");
        if (facts.Domains.Count == 0 || facts.Stages.Count == 0)
        {
            Line(sb, "<p>No finding is placed on a domain and a stage.</p>");
            return;
        }

        Line(sb, "<p>Open findings per security domain (7.2) and life-cycle stage (7.3); each cell is coloured by its highest open severity.</p>");
        Line(sb, "<table class=\"matrix\"><thead><tr><th class=\"domain\">Domain \\ stage</th>"
            + string.Concat(facts.Stages.Select(s => "<th>" + E(s.Title) + "<br><span class=\"small\">" + E(s.Clause ?? s.Id) + "</span></th>")) + "</tr></thead><tbody>");
        foreach (var domain in facts.Domains)
        {
            var row = new StringBuilder();
            row.Append("<tr><th class=\"domain\">").Append(E(domain.Title)).Append("<br><span class=\"small\">").Append(E(domain.Clause ?? domain.Id)).Append("</span></th>");
            foreach (var stage in facts.Stages)
            {
                var cell = facts.Cell(domain, stage);
                var cls = cell.HighestOpen is { } h ? "sev-" + h : "sev-none";
                var label = cell.HighestOpen is { } highest ? "highest: " + highest : "none open";
                row.Append(Invariant($"<td class=\"{cls}\" data-domain=\"{E(domain.Id)}\" data-stage=\"{E(stage.Id)}\"><span class=\"n\">{cell.Open}</span>open · {label}<br>{cell.Countered} countered · {cell.Treated} treated</td>"));
            }

            row.Append("</tr>");
            Line(sb, row.ToString());
        }

        Line(sb, "</tbody></table>");
        if (facts.OpenOutsideMatrix > 0)
        {
            Line(sb, Invariant($"<p class=\"small\">{facts.OpenOutsideMatrix} open findings concern threats that no life-cycle stage of 7.3 lists (or targets without a domain); they are in the tables below but not in this matrix.</p>"));
        }
    }

    private static void WriteScenarios(StringBuilder sb, ReportFacts facts, ReportContext context)
    {
        if (facts.Scenarios.Count == 0)
        {
            return;
        }

        Line(sb, "<h2 id=\"scenarios\">Business scenarios</h2>");
        foreach (var view in facts.Scenarios)
        {
            Line(sb, "<section class=\"scenario\" id=\"" + E(MarkdownText.Anchor(view.Scenario.Id)) + "\">");
            Line(sb, "<h3>" + E(view.Scenario.Title) + " <span class=\"small\">" + E(view.Scenario.Clause ?? string.Empty) + " <code>" + E(view.Scenario.Id) + "</code></span></h3>");
            Line(sb, "<table><thead><tr><th>Tn</th><th>Threat</th><th class=\"num\">Open</th><th>Highest open</th><th>Findings</th></tr></thead><tbody>");
            foreach (var row in view.Threats)
            {
                var cls = row.HighestOpen is { } h ? "sev-" + h : "sev-none";
                var list = new StringBuilder();
                if (row.Findings.Count == 0)
                {
                    list.Append("<span class=\"small\">no target in this description</span>");
                }
                else
                {
                    list.Append("<ul class=\"flist\">");
                    foreach (var f in row.Findings)
                    {
                        list.Append("<li>").Append(StatusBadge(f)).Append(' ').Append(E(f.TargetKind)).Append(" <code>").Append(E(f.TargetId)).Append("</code> ")
                            .Append(E(f.Severity.ToString()));
                        if (!string.Equals(f.ThreatId, row.Threat.ThreatId, StringComparison.Ordinal))
                        {
                            // A Tn named by its lettered threat gathers the sub-items' findings: say which one.
                            list.Append(" <span class=\"small\">").Append(E(f.ThreatId)).Append("</span>");
                        }

                        list.Append("</li>");
                    }

                    list.Append("</ul>");
                }

                Line(sb, Invariant($"<tr><td class=\"tn {cls}\">{E(row.Threat.Label)}</td><td>{E(row.Threat.Title)}<br><code>{E(row.Threat.ThreatId)}</code> <span class=\"small\">{E(context.Catalogue.Title(row.Threat.ThreatId))}</span></td><td class=\"num\">{row.Open}</td><td>{(row.HighestOpen is { } hs ? hs.ToString() : "—")}</td><td>{list}</td></tr>"));
            }

            Line(sb, "</tbody></table>");
            Line(sb, "</section>");
        }
    }

    private static void WritePriorities(StringBuilder sb, ReportFacts facts, ReportContext context)
    {
        Line(sb, "<h2 id=\"priorities\">Open findings by priority</h2>");
        Line(sb, "<p>Priority rating for mitigating newly identified risks (objective 8.1 g): P1 first; within a class, higher likelihood × impact first.</p>");
        if (facts.OpenByPriority.Count == 0)
        {
            Line(sb, "<p>No open findings.</p>");
            return;
        }

        Line(sb, "<table><thead><tr><th class=\"num\">#</th><th>Priority</th><th>Severity</th><th class=\"num\">L×I</th><th>Finding</th><th>Target</th><th>Missing controls</th></tr></thead><tbody>");
        var rank = 0;
        foreach (var f in facts.OpenByPriority)
        {
            rank++;
            var missing = string.Join(", ", f.Controls.Where(c => c.Presence == ControlPresence.Missing).Select(c => "<code>" + E(c.ControlId) + "</code> " + E(TitleOnly(c.ControlId, context.Catalogue))));
            Line(sb, Invariant($"<tr><td class=\"num\">{rank}</td><td>{FindingStatus.Priority(f.Severity)}</td><td><span class=\"badge sev-{f.Severity}\">{f.Severity}</span></td><td class=\"num\">{f.Likelihood}×{f.Impact}</td><td><a href=\"#{E(MarkdownText.Anchor(f.Id))}\">{E(f.Title)}</a></td><td>{E(f.TargetKind)} <code>{E(f.TargetId)}</code></td><td>{missing}</td></tr>"));
        }

        Line(sb, "</tbody></table>");
    }

    private static void WriteFindings(StringBuilder sb, ReportContext context)
    {
        Line(sb, "<h2 id=\"findings\">All findings</h2>");
        if (context.Result.Findings.Count == 0)
        {
            Line(sb, "<p>None.</p>");
            return;
        }

        var baselineHeader = context.Baseline is null ? string.Empty : "<th>Since baseline</th>";
        Line(sb, "<table class=\"findings\"><thead><tr><th>Severity</th><th>Status</th><th>Finding</th><th>Threat</th><th>Controls</th><th>Objectives</th>" + baselineHeader + "</tr></thead><tbody>");
        foreach (var f in context.Result.Findings)
        {
            var controls = new StringBuilder();
            foreach (var c in f.Controls)
            {
                var presence = c.Presence switch
                {
                    ControlPresence.Declared => "declared",
                    ControlPresence.Enforced => "enforced",
                    _ => "missing",
                };
                controls.Append("<div><code>").Append(E(c.ControlId)).Append("</code> ").Append(E(TitleOnly(c.ControlId, context.Catalogue)))
                    .Append(" — <strong>").Append(presence).Append("</strong>");
                if (!string.IsNullOrWhiteSpace(c.Evidence))
                {
                    controls.Append(" <span class=\"small\">(").Append(E(c.Evidence)).Append(")</span>");
                }

                controls.Append("</div>");
            }

            var objectives = string.Join("", f.ObjectiveIds.Select(o => "<div><code>" + E(o) + "</code> " + E(TitleOnly(o, context.Catalogue)) + "</div>"));
            var tracking = f.Tracking is { } t
                ? "<br><span class=\"small\">Tracking: " + E(t.Status) + (t.Owner is { Length: > 0 } o ? ", owner " + E(o) : string.Empty)
                    + (t.Date is { } d ? ", " + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : string.Empty)
                    + (t.Justification is { Length: > 0 } j ? " — " + E(j) : string.Empty) + "</span>"
                : string.Empty;
            var baselineCell = context.Baseline?.Find(f.Id) is { } entry
                ? "<td>" + BaselineBadge(entry.State) + (entry.State == BaselineState.Changed ? " <span class=\"small\">" + E(entry.Change) + "</span>" : string.Empty) + "</td>"
                : context.Baseline is null ? string.Empty : "<td></td>";
            Line(sb, Invariant($"<tr id=\"{E(MarkdownText.Anchor(f.Id))}\"><td><span class=\"badge sev-{f.Severity}\">{f.Severity}</span><br><span class=\"small\">L{f.Likelihood} × I{f.Impact}</span></td><td>{StatusBadge(f)}</td><td><strong>{E(f.Title)}</strong><br><code>{E(f.Id)}</code><br><span class=\"small\">{E(f.Rationale)}</span>{tracking}</td><td><code>{E(f.ThreatId)}</code><br>{E(TitleOnly(f.ThreatId, context.Catalogue))}</td><td>{controls}</td><td>{objectives}</td>{baselineCell}</tr>"));
        }

        Line(sb, "</tbody></table>");
    }

    private static string StatusBadge(Finding f)
    {
        var cls = f.Applicability switch
        {
            Applicability.Countered => "st-countered",
            Applicability.NotApplicable => "st-na",
            _ when f.Treatment != Treatment.None => "st-treated",
            _ => "st-open",
        };
        return "<span class=\"badge " + cls + "\">" + E(FindingStatus.Label(f)) + "</span>";
    }

    private static string BaselineBadge(BaselineState state) =>
        "<span class=\"badge bl-" + state + "\">" + state.ToString().ToLowerInvariant() + "</span>";

    private static string TitleOnly(string id, ReportCatalogue catalogue)
    {
        var title = catalogue.Title(id);
        return string.Equals(title, id, StringComparison.Ordinal) ? string.Empty : title;
    }

    /// <summary>HTML-encodes text for element content and quoted attribute values (&lt; &gt; &amp; " ').</summary>
    private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder sb, string text) => sb.Append(text).Append('\n');
}
