using Palisade.Model.Items;

namespace Palisade.Model.Tests;

public sealed class CatalogueQueryTests
{
    private static readonly SrmCatalogue Catalogue = SrmCatalogue.Default;

    [Fact]
    public void Sub_item_is_in_the_stages_and_scenarios_that_list_its_parent()
    {
        // 7.3.3 lists d) as a whole; d) 1) therefore belongs to that stage as well.
        Assert.Equal(["stage.7.3.3"], Catalogue.StagesListing("threat.6.2.d.1").Select(s => s.Id));
        Assert.Equal(["scenario.7.4.3.T1", "scenario.7.4.4.T3", "scenario.7.4.5.T3"], Catalogue.ScenarioThreatsFor("threat.6.2.d.1").Select(t => t.Id));
        // d) 3) is also named on its own in 7.4.3 (printed "6.2 e)").
        Assert.Contains("scenario.7.4.3.T3", Catalogue.ScenarioThreatsFor("threat.6.2.d.3").Select(t => t.Id));
    }

    [Fact]
    public void Parent_threat_gathers_the_controls_of_its_sub_items()
    {
        var forParent = Catalogue.ControlsCountering("threat.6.2.k").Select(c => c.Id).ToHashSet();
        var forSubItem = Catalogue.ControlsCountering("threat.6.2.k.2").Select(c => c.Id);
        Assert.Superset(forSubItem.ToHashSet(), forParent);
        Assert.Contains("control.8.2.4.e", forParent);
    }

    [Fact]
    public void Threat_family_is_itself_parent_and_children()
    {
        Assert.Equal(["threat.6.2.g.2", "threat.6.2.g"], Catalogue.ThreatFamily("threat.6.2.g.2"));
        Assert.Equal(["threat.6.2.h", "threat.6.2.h.1", "threat.6.2.h.2"], Catalogue.ThreatFamily("threat.6.2.h"));
    }

    [Fact]
    public void Unknown_id_is_not_found_and_close_ids_are_suggested()
    {
        Assert.False(Catalogue.TryGet("threat.6.2.z", out _));
        Assert.Throws<KeyNotFoundException>(() => Catalogue.Get("threat.6.2.z"));
        Assert.Throws<KeyNotFoundException>(() => Catalogue.Get<Control>("threat.6.2.a"));
        Assert.Contains("threat.6.2.k.1", Catalogue.SuggestIds("threat.6.2.k.l"));
        Assert.Contains("control.8.2.4.e", Catalogue.SuggestIds("8.2.4.e"));
    }

    [Fact]
    public void Typed_lookup_returns_the_item_of_that_kind()
    {
        Assert.True(Catalogue.TryGet<Threat>("threat.6.2.g.3", out var threat));
        Assert.Equal(["characteristic.6.1.d"], threat.CharacteristicIds);
        Assert.False(Catalogue.TryGet<Objective>("threat.6.2.g.3", out _));
    }

    [Fact]
    public void Role_lookup_finds_the_stages_and_scenarios_naming_it()
    {
        Assert.Equal(["stage.7.3.2", "stage.7.3.3", "scenario.7.4.2", "scenario.7.4.3"], Catalogue.ItemsNamingRole("role.production-manager").Select(i => i.Id));
        Assert.Equal(["stage.7.3.4"], Catalogue.ItemsNamingRole("role.asset-recycler").Select(i => i.Id));
    }
}
