using Palisade.Model.Items;

namespace Palisade.Model.Tests;

public sealed class CatalogueIntegrityTests
{
    private static readonly SrmCatalogue Catalogue = SrmCatalogue.Default;

    [Fact]
    public void Every_id_is_unique()
    {
        var ids = Catalogue.Items.Select(i => i.Id).ToArray();
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_id_starts_with_its_kind_and_every_item_has_clause_title_and_description()
    {
        foreach (var item in Catalogue.Items)
        {
            var prefix = item.Kind switch
            {
                ItemKind.ScenarioThreat => "scenario.",
                ItemKind.ControlGroup => "controlgroup.",
                _ => item.Kind.ToString().ToLowerInvariant() + ".",
            };
            Assert.StartsWith(prefix, item.Id, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(item.Clause), item.Id);
            Assert.False(string.IsNullOrWhiteSpace(item.Title), item.Id);
            Assert.False(string.IsNullOrWhiteSpace(item.Description), item.Id);
        }
    }

    [Fact]
    public void Every_link_resolves_to_an_item_of_the_right_kind()
    {
        foreach (var t in Catalogue.Threats)
        {
            if (t.ParentId is not null)
            {
                Assert.True(Catalogue.Get<Threat>(t.ParentId).IsTopLevel);
            }

            Assert.All(t.ChildIds, c => Catalogue.Get<Threat>(c));
            Assert.All(t.CharacteristicIds, c => Catalogue.Get<Characteristic>(c));
            Assert.NotEmpty(t.Domains);
            Assert.All(t.Domains, d => Catalogue.Get<SecurityDomain>(d.TargetId));
        }

        foreach (var s in Catalogue.LifecycleStages)
        {
            Assert.All(s.Threats, r => Catalogue.Get<Threat>(r.ThreatId));
            Assert.All(s.RoleIds, r => Catalogue.Get<Role>(r));
        }

        foreach (var s in Catalogue.Scenarios)
        {
            Assert.All(s.Threats, r => Catalogue.Get<Threat>(r.ThreatId));
            Assert.All(s.RoleIds, r => Catalogue.Get<Role>(r));
        }

        Assert.All(Catalogue.Roles.SelectMany(r => r.Relations), rel => Catalogue.Get<Role>(rel.RoleId));
        Assert.All(Catalogue.Objectives.SelectMany(o => o.Counters), m => Catalogue.Get<Threat>(m.TargetId));
        foreach (var c in Catalogue.Controls)
        {
            Assert.All(c.Counters, m => Catalogue.Get<Threat>(m.TargetId));
            Assert.All(c.Serves, m => Catalogue.Get<Objective>(m.TargetId));
            Assert.Contains(c.Id, Catalogue.Get<ControlGroup>(c.GroupId).ControlIds);
        }

        Assert.All(Catalogue.Notes.SelectMany(n => n.RelatedIds), id => Catalogue.Get(id));
    }

    [Fact]
    public void Every_cross_reference_difference_is_flagged_with_a_one_line_reason()
    {
        var threatRefs = Catalogue.LifecycleStages.SelectMany(s => s.Threats).Concat(Catalogue.ScenarioThreats.Select(t => t.Reference));
        foreach (var r in threatRefs)
        {
            var differs = !string.Equals(r.PublishedId, r.ThreatId, StringComparison.Ordinal);
            Assert.Equal(differs, r.Status == ReferenceStatus.Corrected);
            if (differs)
            {
                AssertOneLine(r.Reason);
            }
        }

        foreach (var c in Catalogue.Threats.Select(t => t.CharacteristicReference).OfType<CharacteristicReference>())
        {
            var differs = c.ResolvedIds.Count != 1 || !string.Equals(c.ResolvedIds[0], c.PublishedId, StringComparison.Ordinal);
            Assert.Equal(differs, c.Status == ReferenceStatus.Corrected);
            if (differs)
            {
                AssertOneLine(c.Reason);
            }
        }
    }

    [Fact]
    public void Every_threat_mapping_is_marked_as_palisade_analysis_with_a_reason()
    {
        var mappings = Catalogue.Controls.SelectMany(c => c.Counters.Concat(c.Serves))
            .Concat(Catalogue.Objectives.SelectMany(o => o.Counters))
            .Concat(Catalogue.Threats.SelectMany(t => t.Domains));
        Assert.All(mappings, m =>
        {
            Assert.Equal(Mapping.PalisadeAnalysis, m.Basis);
            AssertOneLine(m.Why);
        });
    }

    [Fact]
    public void Every_threat_item_is_countered_by_some_control_and_some_objective()
    {
        foreach (var t in Catalogue.Threats)
        {
            Assert.True(Catalogue.ControlsCountering(t.Id).Count > 0, $"{t.Id} has no control");
            Assert.True(Catalogue.ObjectivesCountering(t.Id).Count > 0, $"{t.Id} has no objective");
        }
    }

    [Fact]
    public void Every_control_counters_a_threat_and_serves_an_objective_and_every_objective_is_served()
    {
        Assert.All(Catalogue.Controls, c =>
        {
            Assert.NotEmpty(c.Counters);
            Assert.NotEmpty(c.Serves);
        });
        Assert.All(Catalogue.Objectives, o => Assert.NotEmpty(Catalogue.ControlsServing(o.Id)));
    }

    [Fact]
    public void Coverage_is_honest_enforced_names_existing_code_and_planned_names_an_issue()
    {
        var root = RepositoryRoot();
        foreach (var item in Catalogue.Controls.Select(c => (c.Id, c.Coverage)).Concat(Catalogue.Objectives.Select(o => (o.Id, o.Coverage))))
        {
            var (id, coverage) = item;
            AssertOneLine(coverage.Note);
            switch (coverage.Kind)
            {
                case CoverageKind.Enforced:
                    Assert.NotEmpty(coverage.CodePaths);
                    foreach (var path in coverage.CodePaths)
                    {
                        var file = path.Split(' ')[0];
                        Assert.True(File.Exists(Path.Combine(root, file)) || Directory.Exists(Path.Combine(root, file)), $"{id}: {file} does not exist");
                    }

                    break;
                case CoverageKind.Planned:
                    Assert.Contains(coverage.Issue, new int?[] { 3, 5 });
                    break;
                default:
                    Assert.Null(coverage.Issue);
                    break;
            }
        }

        // The broker core and admission (issue 5): a handful of controls, none of them claiming more than the code does.
        var enforced = Catalogue.Controls.Where(c => c.Coverage.Kind == CoverageKind.Enforced).Select(c => c.Id);
        Assert.Equal(["control.8.2.3.p2", "control.8.2.5.a", "control.8.2.5.b", "control.8.2.5.c", "control.8.2.5.e", "control.8.2.7.a"], enforced);
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Palisade.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Palisade.slnx not found above the test directory");
    }

    private static void AssertOneLine(string? text)
    {
        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.DoesNotContain('\n', text);
    }
}
