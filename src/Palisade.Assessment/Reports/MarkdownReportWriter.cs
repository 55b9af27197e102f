using System.Globalization;
using System.Text;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Reports;

/// <summary>
/// The Markdown report: summary by severity, open findings in priority order (objective 8.1 g), the domain ×
/// life-cycle matrix, one section per business scenario used, every finding with its controls and objectives
/// (linked by id to a glossary with their titles), and what changed since a baseline.
/// </summary>
internal static class MarkdownReportWriter
{
    public static string Render(ReportContext context)
    {
        var sb = new StringBuilder(16 * 1024);
        Write(sb, context);
        return sb.ToString();
    }

    public static void Write(StringBuilder sb, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(context);
        var result = context.Result;
        var catalogue = context.Catalogue;
        var facts = new ReportFacts(context);
        var referenced = new SortedSet<string>(StringComparer.Ordinal);

        Line(sb, "# Palisade assessment: " + MarkdownText.Escape(result.DescriptionName));
        Line(sb);
        Line(sb, "- Description: " + MarkdownText.Code(result.SourceFile));
        Line(sb, "- SRM catalogue: " + MarkdownText.Code(result.CatalogueVersion) + " (ISO/IEC 24392:2023 reference model)");
        Line(sb, "- Palisade: " + MarkdownText.Code(context.ToolVersion));
        if (context.GeneratedAt is { } at)
        {
            Line(sb, "- Generated: " + at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        if (result.ScenarioIds.Count > 0)
        {
            Line(sb, "- Business scenarios (7.4): " + string.Join(", ", result.ScenarioIds.Select(id => Ref(id, catalogue, referenced))));
        }

        Line(sb);
        WriteSummary(sb, facts, result);
        if (context.Baseline is { } baseline)
        {
            WriteBaseline(sb, baseline);
        }

        WritePriorities(sb, facts, context, referenced);
        WriteMatrix(sb, facts);
        WriteScenarios(sb, facts);
        WriteFindings(sb, context, referenced);
        WriteGlossary(sb, catalogue, referenced);
    }

    private static void WriteSummary(StringBuilder sb, ReportFacts facts, AssessmentResult result)
    {
        Line(sb, "## Summary");
        Line(sb);
        Line(sb, Invariant($"{result.Findings.Count} findings; {facts.OpenByPriority.Count} open."));
        Line(sb, "Open: the threat applies, no control counters it and no treatment is recorded. Treated: risk tracking records a decision (accepted, transferred, avoided, mitigated).");
        Line(sb);
        Line(sb, "| Severity | Open | Treated | Countered | Not applicable |");
        Line(sb, "|---|---:|---:|---:|---:|");
        foreach (var row in facts.SeverityRows)
        {
            Line(sb, Invariant($"| {row.Severity} | {row.Open} | {row.Treated} | {row.Countered} | {row.NotApplicable} |"));
        }

        Line(sb, Invariant($"| **Total** | **{facts.SeverityRows.Sum(r => r.Open)}** | {facts.SeverityRows.Sum(r => r.Treated)} | {facts.SeverityRows.Sum(r => r.Countered)} | {facts.SeverityRows.Sum(r => r.NotApplicable)} |"));
        Line(sb);
    }

    private static void WriteBaseline(StringBuilder sb, BaselineComparison baseline)
    {
        Line(sb, "## Since the baseline");
        Line(sb);
        Line(sb, "Compared with " + MarkdownText.Code(baseline.BaselineSource) + " by finding id.");
        Line(sb);
        Line(sb, "| New | Changed | Fixed | Removed | Unchanged |");
        Line(sb, "|---:|---:|---:|---:|---:|");
        Line(sb, Invariant($"| {baseline.Count(BaselineState.New)} | {baseline.Count(BaselineState.Changed)} | {baseline.Count(BaselineState.Fixed)} | {baseline.Count(BaselineState.Removed)} | {baseline.Count(BaselineState.Unchanged)} |"));
        Line(sb);
        foreach (var state in new[] { BaselineState.New, BaselineState.Changed, BaselineState.Fixed, BaselineState.Removed })
        {
            var entries = baseline.InState(state).ToList();
            if (entries.Count == 0)
            {
                continue;
            }

            Line(sb, "### " + state);
            Line(sb);
            foreach (var entry in entries)
            {
                var finding = entry.Current ?? entry.Previous!;
                var detail = state switch
                {
                    BaselineState.Changed => entry.Change,
                    BaselineState.Fixed when entry.Current is null => "no longer reported",
                    BaselineState.Fixed => "now " + FindingStatus.Label(entry.Current!),
                    BaselineState.Removed => "no longer reported",
                    _ => finding.Severity + ", " + FindingStatus.Label(finding),
                };
                Line(sb, "- " + MarkdownText.Code(entry.Id) + " — " + MarkdownText.Escape(finding.Title) + " (" + MarkdownText.Escape(detail) + ")");
            }

            Line(sb);
        }
    }

    private static void WritePriorities(StringBuilder sb, ReportFacts facts, ReportContext context, SortedSet<string> referenced)
    {
        Line(sb, "## Open findings by priority");
        Line(sb);
        Line(sb, "Priority rating for mitigating newly identified risks (objective 8.1 g): P1 first. Within a class, higher likelihood × impact first.");
        Line(sb);
        if (facts.OpenByPriority.Count == 0)
        {
            Line(sb, "No open findings.");
            Line(sb);
            return;
        }

        Line(sb, "| # | Priority | Severity | L×I | Finding | Target | Threat | Missing controls |");
        Line(sb, "|---:|---|---|---:|---|---|---|---|");
        var rank = 0;
        foreach (var f in facts.OpenByPriority)
        {
            rank++;
            var missing = f.Controls.Where(c => c.Presence == ControlPresence.Missing).Select(c => Ref(c.ControlId, context.Catalogue, referenced));
            Line(sb, Invariant($"| {rank} | {FindingStatus.Priority(f.Severity)} | {f.Severity} | {f.Likelihood}×{f.Impact} | [{MarkdownText.Escape(f.Title)}](#{MarkdownText.Anchor(f.Id)}) | {MarkdownText.Code(f.TargetKind + ":" + f.TargetId)} | {Ref(f.ThreatId, context.Catalogue, referenced)} | {string.Join(", ", missing)} |"));
        }

        Line(sb);
    }

    private static void WriteMatrix(StringBuilder sb, ReportFacts facts)
    {
        Line(sb, "## Security domains × life-cycle stages");
        Line(sb);
        if (facts.Domains.Count == 0 || facts.Stages.Count == 0)
        {
            Line(sb, "No finding is placed on a domain and a stage.");
            Line(sb);
            return;
        }

        Line(sb, "Open findings per security domain (7.2) and life-cycle stage (7.3), with the highest open severity.");
        Line(sb);
        Line(sb, "| Domain | " + string.Join(" | ", facts.Stages.Select(s => MarkdownText.Escape(s.Title))) + " |");
        Line(sb, "|---|" + string.Concat(Enumerable.Repeat("---|", facts.Stages.Count)));
        foreach (var domain in facts.Domains)
        {
            var cells = facts.Stages.Select(stage =>
            {
                var cell = facts.Cell(domain, stage);
                return cell.HighestOpen is { } highest
                    ? Invariant($"**{cell.Open} open** ({highest}); {cell.Countered} countered")
                    : Invariant($"0 open; {cell.Countered} countered");
            });
            Line(sb, "| " + MarkdownText.Escape(domain.Title) + " | " + string.Join(" | ", cells) + " |");
        }

        Line(sb);
        if (facts.OpenOutsideMatrix > 0)
        {
            Line(sb, Invariant($"{facts.OpenOutsideMatrix} open findings concern threats that no life-cycle stage of 7.3 lists (or targets without a domain); they appear in the lists below but not in this matrix."));
            Line(sb);
        }
    }

    private static void WriteScenarios(StringBuilder sb, ReportFacts facts)
    {
        if (facts.Scenarios.Count == 0)
        {
            return;
        }

        Line(sb, "## Business scenarios");
        Line(sb);
        foreach (var view in facts.Scenarios)
        {
            var clause = view.Scenario.Clause is { } c ? " (" + MarkdownText.Escape(c) + ")" : string.Empty;
            Line(sb, "### " + MarkdownText.Escape(view.Scenario.Title) + clause);
            Line(sb);
            Line(sb, "Scenario " + MarkdownText.Code(view.Scenario.Id) + ".");
            Line(sb);
            Line(sb, "| Tn | Threat | Open | Highest open | Findings |");
            Line(sb, "|---|---|---:|---|---|");
            foreach (var row in view.Threats)
            {
                var list = row.Findings.Count == 0
                    ? "none"
                    : string.Join(", ", row.Findings.Select(f => "[" + MarkdownText.Escape(f.TargetId) + "](#" + MarkdownText.Anchor(f.Id) + ") ("
                        + FindingStatus.Label(f)
                        + (string.Equals(f.ThreatId, row.Threat.ThreatId, StringComparison.Ordinal) ? string.Empty : ", " + f.ThreatId)
                        + ")"));
                Line(sb, Invariant($"| {MarkdownText.Escape(row.Threat.Label)} | {MarkdownText.Escape(row.Threat.Title)} ({MarkdownText.Code(row.Threat.ThreatId)}) | {row.Open} | {(row.HighestOpen is { } h ? h.ToString() : "—")} | {list} |"));
            }

            Line(sb);
        }
    }

    private static void WriteFindings(StringBuilder sb, ReportContext context, SortedSet<string> referenced)
    {
        Line(sb, "## All findings");
        Line(sb);
        if (context.Result.Findings.Count == 0)
        {
            Line(sb, "None.");
            Line(sb);
            return;
        }

        foreach (var f in context.Result.Findings)
        {
            Line(sb, "<a id=\"" + MarkdownText.Anchor(f.Id) + "\"></a>");
            Line(sb, "### " + MarkdownText.Escape(f.Title));
            Line(sb);
            Line(sb, "- Id: " + MarkdownText.Code(f.Id));
            Line(sb, Invariant($"- Status: **{FindingStatus.Label(f)}**; severity {f.Severity} (likelihood {f.Likelihood} × impact {f.Impact})"));
            if (context.Baseline is { } baseline)
            {
                var entry = baseline.Find(f.Id);
                if (entry is not null)
                {
                    var change = entry.State == BaselineState.Changed ? " (" + MarkdownText.Escape(entry.Change) + ")" : string.Empty;
                    Line(sb, "- Since baseline: " + entry.State.ToString().ToLowerInvariant() + change);
                }
            }

            Line(sb, "- Threat: " + Ref(f.ThreatId, context.Catalogue, referenced));
            Line(sb, "- Target: " + MarkdownText.Code(f.TargetKind + ":" + f.TargetId));
            Line(sb, "- Why: " + MarkdownText.Escape(f.Rationale));
            if (f.Controls.Count > 0)
            {
                Line(sb, "- Controls:");
                foreach (var control in f.Controls)
                {
                    var presence = control.Presence switch
                    {
                        ControlPresence.Declared => "declared",
                        ControlPresence.Enforced => "enforced by Palisade",
                        _ => "missing",
                    };
                    var evidence = string.IsNullOrWhiteSpace(control.Evidence) ? string.Empty : " — evidence: " + MarkdownText.Escape(control.Evidence);
                    Line(sb, "  - " + Ref(control.ControlId, context.Catalogue, referenced) + ": " + presence + evidence);
                }
            }

            if (f.ObjectiveIds.Count > 0)
            {
                Line(sb, "- Objectives: " + string.Join(", ", f.ObjectiveIds.Select(o => Ref(o, context.Catalogue, referenced))));
            }

            if (f.DomainIds.Count > 0 || f.StageIds.Count > 0)
            {
                Line(sb, "- Domains: " + string.Join(", ", f.DomainIds.Select(d => MarkdownText.Escape(context.Catalogue.Title(d))))
                    + "; stages: " + (f.StageIds.Count == 0 ? "none listed" : string.Join(", ", f.StageIds.Select(s => MarkdownText.Escape(context.Catalogue.Title(s))))));
            }

            if (f.ScenarioThreatIds.Count > 0)
            {
                Line(sb, "- Scenario threats: " + string.Join(", ", f.ScenarioThreatIds.Select(MarkdownText.Code)));
            }

            if (f.Tracking is { } tracking)
            {
                var parts = new List<string> { "status " + MarkdownText.Escape(tracking.Status), "rule " + MarkdownText.Code(tracking.Match) };
                if (!string.IsNullOrWhiteSpace(tracking.Owner))
                {
                    parts.Add("owner " + MarkdownText.Escape(tracking.Owner));
                }

                if (tracking.Date is { } date)
                {
                    parts.Add("date " + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                }

                if (!string.IsNullOrWhiteSpace(tracking.Justification))
                {
                    parts.Add("justification: " + MarkdownText.Escape(tracking.Justification));
                }

                Line(sb, "- Risk tracking: " + string.Join("; ", parts));
            }

            Line(sb);
        }
    }

    private static void WriteGlossary(StringBuilder sb, ReportCatalogue catalogue, SortedSet<string> referenced)
    {
        if (referenced.Count == 0)
        {
            return;
        }

        Line(sb, "## Catalogue items referenced");
        Line(sb);
        foreach (var id in referenced)
        {
            var entry = catalogue.Find(id);
            var clause = entry?.Clause is { } c ? " (" + MarkdownText.Escape(c) + ")" : string.Empty;
            Line(sb, "- <a id=\"" + MarkdownText.Anchor(id) + "\"></a>" + MarkdownText.Code(id) + " — " + MarkdownText.Escape(catalogue.Title(id)) + clause);
        }

        Line(sb);
    }

    /// <summary>A link to the glossary entry of a catalogue item, shown as id and title.</summary>
    private static string Ref(string id, ReportCatalogue catalogue, SortedSet<string> referenced)
    {
        referenced.Add(id);
        var title = catalogue.Title(id);
        var label = string.Equals(title, id, StringComparison.Ordinal) ? id : id + " " + title;
        return "[" + MarkdownText.Escape(label) + "](#" + MarkdownText.Anchor(id) + ")";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder sb, string text = "") => sb.Append(text).Append('\n');
}
