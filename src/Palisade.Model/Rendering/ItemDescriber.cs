using System.Globalization;
using Palisade.Model.Items;

namespace Palisade.Model.Rendering;

/// <summary>
/// Plain-text view of one catalogue item with all its links, both ways (what <c>palisade model show ID</c> prints).
/// Links that are Palisade's analysis rather than the standard's are labelled as such.
/// </summary>
internal static class ItemDescriber
{
    private const string Ours = " (Palisade analysis)";

    internal static void Describe(SrmCatalogue catalogue, CatalogueItem item, TextWriter w)
    {
        w.WriteLine($"{item.Id}  [{item.Kind.ToString().ToLowerInvariant()}, {item.Clause}]");
        w.WriteLine(item.Title);
        w.WriteLine();
        w.WriteLine(item.Description);
        switch (item)
        {
            case Characteristic c:
                Section(w, "Raises threats (resolved)", catalogue.ThreatsRaisedBy(c.Id).Select(t => $"{Name(t)}{PublishedNote(t.CharacteristicReference)}"));
                break;
            case Threat t:
                DescribeThreat(catalogue, t, w);
                break;
            case SecurityDomain d:
                w.WriteLine();
                w.WriteLine($"Code area: {d.CodeArea}");
                Section(w, "Threats in this domain" + Ours, catalogue.ThreatsInDomain(d.Id).Select(t => $"{Name(t)}: {t.Domains.First(m => m.TargetId == d.Id).Why}"));
                break;
            case LifecycleStage s:
                Section(w, "System life-cycle stages", s.SystemStages);
                Section(w, "Roles and stakeholders", s.RoleIds.Select(r => Name(catalogue.Get(r))));
                Section(w, "Threats (printed → resolved)", s.Threats.Select(r => Reference(catalogue, r)));
                break;
            case Scenario s:
                Section(w, "Roles", s.RoleIds.Select(r => Name(catalogue.Get(r))));
                Section(w, "Threats (printed → resolved)", s.Threats.Select(t => $"{t.Label}: {Reference(catalogue, t.Reference)}"));
                break;
            case ScenarioThreat st:
                Section(w, "Scenario", [Name(catalogue.Get(st.ScenarioId))]);
                Section(w, "Refers to", [Reference(catalogue, st.Reference)]);
                Section(w, "Countered by controls" + Ours, catalogue.ControlsCountering(st.ThreatId).Select(c => $"{Name(c)} [{CoverageDocument.Kind(c.Coverage)}]"));
                break;
            case Role r:
                Section(w, "Named in", r.Clauses);
                Section(w, "Relations", r.Relations.Select(rel => $"{rel.Verb} {Name(catalogue.Get(rel.RoleId))} ({rel.Clause})")
                    .Concat(catalogue.Roles.SelectMany(o => o.Relations.Where(rel => rel.RoleId == r.Id).Select(rel => $"{Passive(rel.Verb)} {Name(o)} ({rel.Clause})"))));
                Section(w, "Stages and scenarios", catalogue.ItemsNamingRole(r.Id).Select(Name));
                break;
            case Objective o:
                Section(w, "Coverage", [$"{CoverageDocument.Kind(o.Coverage)}: {o.Coverage.Note}"]);
                Section(w, "Answers threats" + Ours, o.Counters.Select(m => $"{Name(catalogue.Get(m.TargetId))}: {m.Why}"));
                Section(w, "Served by controls" + Ours, catalogue.ControlsServing(o.Id).Select(c => $"{Name(c)}: {c.Serves.First(m => m.TargetId == o.Id).Why}"));
                break;
            case ControlGroup g:
                if (g.TextAbsent)
                {
                    w.WriteLine();
                    w.WriteLine("Text absent from our copy of the standard: no controls recorded.");
                }

                Section(w, "Part of", g.ParentGroupId is null ? [] : [Name(catalogue.Get(g.ParentGroupId))]);
                Section(w, "Subgroups", catalogue.ControlGroups.Where(s => s.ParentGroupId == g.Id).Select(Name));
                Section(w, "Controls", g.ControlIds.Select(id => Name(catalogue.Get(id))));
                break;
            case Control c:
                Section(w, "Group", [Name(catalogue.Get(c.GroupId)) + (c.Form == ControlForm.Paragraph ? " — unlettered paragraph, numbered by Palisade" : string.Empty)]);
                Section(w, "Coverage", [$"{CoverageDocument.Kind(c.Coverage)}: {c.Coverage.Note}"]);
                Section(w, "Code", c.Coverage.CodePaths);
                Section(w, "Counters threats" + Ours, c.Counters.Select(m => $"{Name(catalogue.Get(m.TargetId))}: {m.Why}"));
                Section(w, "Serves objectives" + Ours, c.Serves.Select(m => $"{Name(catalogue.Get(m.TargetId))}: {m.Why}"));
                var stages = c.Counters.SelectMany(m => catalogue.StagesListing(m.TargetId)).Distinct().Select(Name);
                Section(w, "Life-cycle stages of those threats", stages);
                var scenarios = c.Counters.SelectMany(m => catalogue.ScenarioThreatsFor(m.TargetId)).Distinct().Select(Name);
                Section(w, "Scenario threats of those threats", scenarios);
                break;
            case CatalogueNote n:
                Section(w, "Concerns", n.RelatedIds.Select(id => Name(catalogue.Get(id))));
                break;
        }
    }

    private static void DescribeThreat(SrmCatalogue catalogue, Threat t, TextWriter w)
    {
        Section(w, "Parent", t.ParentId is null ? [] : [Name(catalogue.Get(t.ParentId))]);
        Section(w, "Sub-items", t.ChildIds.Select(id => Name(catalogue.Get(id))));
        var characteristics = t.CharacteristicIds.Select(id => Name(catalogue.Get(id))).ToList();
        if (t.CharacteristicReference is { } r)
        {
            characteristics.Add(r.Status == ReferenceStatus.Match
                ? $"printed as {r.Published}: matches" + (r.Reason is null ? string.Empty : $" — {r.Reason}")
                : $"printed as {r.Published}, corrected: {r.Reason}");
        }
        else
        {
            characteristics.Add("(from its sub-items)");
        }

        Section(w, "Raised by characteristics (resolved)", characteristics);
        Section(w, "Security domains" + Ours, t.Domains.Select(m => $"{Name(catalogue.Get(m.TargetId))}: {m.Why}"));
        var family = catalogue.ThreatFamily(t.Id);
        Section(w, "Life-cycle stages", catalogue.LifecycleStages
            .SelectMany(s => s.Threats.Where(r => family.Contains(r.ThreatId)).Select(r => $"{Name(s)} — listed as {r.Published} → {r.ThreatId}")));
        Section(w, "Business scenarios", catalogue.ScenarioThreatsFor(t.Id)
            .Select(st => $"{st.Id} ({catalogue.Get(st.ScenarioId).Title}) — listed as {st.Reference.Published} → {st.ThreatId}"));
        Section(w, "Countered by controls" + Ours, catalogue.ControlsCountering(t.Id)
            .Select(c => $"{Name(c)} [{CoverageDocument.Kind(c.Coverage)}]: {string.Join("; ", c.Counters.Where(m => family.Contains(m.TargetId)).Select(m => Via(t, m) + m.Why))}"));
        Section(w, "Answered by objectives" + Ours, catalogue.ObjectivesCountering(t.Id)
            .Select(o => $"{Name(o)}: {string.Join("; ", o.Counters.Where(m => family.Contains(m.TargetId)).Select(m => Via(t, m) + m.Why))}"));
    }

    private static string Passive(string verb) => verb switch
    {
        "manages" => "managed by",
        "advises" => "advised by",
        "informs" => "informed by",
        _ => $"'{verb}' from",
    };

    private static string Via(Threat t, Mapping m) => m.TargetId == t.Id ? string.Empty : $"(via {m.TargetId}) ";

    private static string Reference(SrmCatalogue catalogue, ThreatReference r) =>
        $"{r.Label} — printed {r.Published} → {Name(catalogue.Get(r.ThreatId))}" +
        (r.Status == ReferenceStatus.Corrected ? $" [corrected: {r.Reason}]" : string.Empty);

    private static string PublishedNote(CharacteristicReference? r) =>
        r is null ? string.Empty : r.Status == ReferenceStatus.Match ? $" (printed {r.Published})" : $" (printed {r.Published}, corrected)";

    private static string Name(CatalogueItem item) => $"{item.Id} — {item.Title}";

    private static void Section(TextWriter w, string heading, IEnumerable<string> lines)
    {
        var list = lines.ToList();
        if (list.Count == 0)
        {
            return;
        }

        w.WriteLine();
        w.WriteLine(heading + ":");
        foreach (var line in list)
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  - {line}"));
        }
    }
}
