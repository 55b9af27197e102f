using Palisade.Model.Items;

namespace Palisade.Model.Tests;

public sealed class CatalogueCountTests
{
    private static readonly SrmCatalogue Catalogue = SrmCatalogue.Default;

    [Fact]
    public void Catalogue_has_the_24_characteristics_a_to_x()
    {
        var expected = "abcdefghijklmnopqrstuvwx".Select(c => $"characteristic.6.1.{c}").ToArray();
        Assert.Equal(expected, Catalogue.Characteristics.Select(c => c.Id));
        Assert.All(Catalogue.Characteristics, c => Assert.Equal($"6.1 {c.Id[^1]})", c.Clause));
    }

    [Fact]
    public void Catalogue_has_the_18_lettered_threats_a_to_r()
    {
        var expected = "abcdefghijklmnopqr".Select(c => $"threat.6.2.{c}").ToArray();
        Assert.Equal(expected, Catalogue.TopLevelThreats.Select(t => t.Id));
    }

    [Theory]
    [InlineData("d", 3)]
    [InlineData("f", 2)]
    [InlineData("g", 4)]
    [InlineData("h", 2)]
    [InlineData("j", 2)]
    [InlineData("k", 2)]
    public void Threats_with_numbered_items_have_exactly_the_published_sub_items(string letter, int count)
    {
        var parent = Catalogue.Get<Threat>($"threat.6.2.{letter}");
        var expected = Enumerable.Range(1, count).Select(i => $"threat.6.2.{letter}.{i}").ToArray();
        Assert.Equal(expected, parent.ChildIds);
        Assert.All(expected, id => Assert.Equal(parent.Id, Catalogue.Get<Threat>(id).ParentId));
        Assert.All(expected, id => Assert.Equal($"6.2 {letter}) {id[^1]})", Catalogue.Get(id).Clause));
    }

    [Fact]
    public void Only_the_published_threats_have_sub_items_and_there_are_15_of_them()
    {
        Assert.Equal(15, Catalogue.Threats.Count(t => !t.IsTopLevel));
        Assert.Equal(33, Catalogue.Threats.Count);
        var withChildren = Catalogue.TopLevelThreats.Where(t => t.ChildIds.Count > 0).Select(t => t.Id[^1]);
        Assert.Equal("dfghjk", string.Concat(withChildren));
    }

    [Fact]
    public void Catalogue_has_four_domains_three_stages_four_scenarios_twelve_objectives()
    {
        Assert.Equal(["domain.7.2.2", "domain.7.2.3", "domain.7.2.4", "domain.7.2.5"], Catalogue.Domains.Select(d => d.Id));
        Assert.Equal(["edge", "infrastructure", "platform", "application"], Catalogue.Domains.Select(d => d.CodeArea));
        Assert.Equal(["stage.7.3.2", "stage.7.3.3", "stage.7.3.4"], Catalogue.LifecycleStages.Select(s => s.Id));
        Assert.Equal(["scenario.7.4.2", "scenario.7.4.3", "scenario.7.4.4", "scenario.7.4.5"], Catalogue.Scenarios.Select(s => s.Id));
        Assert.Equal("abcdefghijkl".Select(c => $"objective.8.1.{c}"), Catalogue.Objectives.Select(o => o.Id));
    }

    [Theory]
    [InlineData("scenario.7.4.2", 5)]
    [InlineData("scenario.7.4.3", 5)]
    [InlineData("scenario.7.4.4", 7)]
    [InlineData("scenario.7.4.5", 7)]
    public void Each_scenario_has_T1_to_Tn_as_published(string scenarioId, int count)
    {
        var scenario = Catalogue.Get<Scenario>(scenarioId);
        Assert.Equal(Enumerable.Range(1, count).Select(i => $"{scenarioId}.T{i}"), scenario.Threats.Select(t => t.Id));
        Assert.All(scenario.Threats, t => Assert.Same(t, Catalogue.Get(t.Id)));
    }

    [Theory]
    [InlineData("controlgroup.8.2.1", "p1")]
    [InlineData("controlgroup.8.2.2", "a,b,c,d,e,f")]
    [InlineData("controlgroup.8.2.3", "p1,p2,p3,p4")]
    [InlineData("controlgroup.8.2.4", "p1,a,b,c,d,e,f,g")]
    [InlineData("controlgroup.8.2.5", "a,b,c,d,e,f")]
    [InlineData("controlgroup.8.2.6", "")]
    [InlineData("controlgroup.8.2.6.1", "a,b,c,d,e,f,g,h")]
    [InlineData("controlgroup.8.2.6.2", "a,b,c")]
    [InlineData("controlgroup.8.2.7", "a,b,c,d,e,f")]
    [InlineData("controlgroup.8.2.8", "a,b")]
    [InlineData("controlgroup.8.2.9", "")]
    public void Each_control_group_holds_the_items_of_its_clause(string groupId, string items)
    {
        var group = Catalogue.Get<ControlGroup>(groupId);
        var clause = groupId["controlgroup.".Length..];
        var expected = items.Length == 0 ? [] : items.Split(',').Select(i => $"control.{clause}.{i}").ToArray();
        Assert.Equal(expected, group.ControlIds);
        Assert.All(group.ControlIds, id => Assert.Equal(groupId, Catalogue.Get<Control>(id).GroupId));
    }

    [Fact]
    public void Lettered_controls_number_38_and_paragraph_controls_are_marked_as_ours()
    {
        Assert.Equal(44, Catalogue.Controls.Count);
        Assert.Equal(38, Catalogue.Controls.Count(c => c.Form == ControlForm.Lettered));
        Assert.All(Catalogue.Controls.Where(c => c.Form == ControlForm.Paragraph), c => Assert.Contains(".p", c.Id, StringComparison.Ordinal));
        Assert.All(Catalogue.Controls.Where(c => c.Form == ControlForm.Lettered), c => Assert.EndsWith(")", c.Clause, StringComparison.Ordinal));
    }

    [Fact]
    public void Clause_8_2_9_is_recorded_as_absent_not_dropped()
    {
        var group = Catalogue.Get<ControlGroup>("controlgroup.8.2.9");
        Assert.True(group.TextAbsent);
        Assert.Empty(group.ControlIds);
        var note = Catalogue.Get<CatalogueNote>("note.8.2.9");
        Assert.Contains("controlgroup.8.2.9", note.RelatedIds);
        Assert.Single(Catalogue.ControlGroups, g => g.TextAbsent);
    }

    [Fact]
    public void Subgroups_of_8_2_6_name_their_parent()
    {
        Assert.Equal("controlgroup.8.2.6", Catalogue.Get<ControlGroup>("controlgroup.8.2.6.1").ParentGroupId);
        Assert.Equal("controlgroup.8.2.6", Catalogue.Get<ControlGroup>("controlgroup.8.2.6.2").ParentGroupId);
    }

    [Fact]
    public void Roles_named_in_7_3_and_7_4_are_all_present()
    {
        string[] expected =
        [
            "role.production-manager", "role.production-designer", "role.production-advisor", "role.asset-supplier",
            "role.asset-operator", "role.asset-integrator", "role.asset-usage-advisor", "role.service-platform-operator",
            "role.function-block-developer", "role.asset-recycler", "role.data-scientist", "role.software-engineer", "role.customer",
        ];
        Assert.Equal(expected, Catalogue.Roles.Select(r => r.Id));
        Assert.Equal(["role.asset-supplier", "role.asset-recycler", "role.asset-integrator", "role.service-platform-operator", "role.function-block-developer"],
            Catalogue.Get<LifecycleStage>("stage.7.3.4").RoleIds);
        Assert.Equal(["role.data-scientist", "role.software-engineer", "role.production-manager"], Catalogue.Get<Scenario>("scenario.7.4.2").RoleIds);
        Assert.Equal(["role.customer", "role.production-manager"], Catalogue.Get<Scenario>("scenario.7.4.3").RoleIds);
    }

    [Fact]
    public void Version_names_the_data_revision_and_content_hash()
    {
        Assert.Matches(@"^2023\.r\d+\+[0-9a-f]{12}$", Catalogue.Version);
        Assert.Equal("ISO/IEC 24392:2023", Catalogue.Standard);
    }
}
