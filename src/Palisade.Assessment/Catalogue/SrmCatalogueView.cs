using Palisade.Model;
using Palisade.Model.Items;

namespace Palisade.Assessment.Catalogue;

/// <summary>The engine's view of the SRM-IIP catalogue of Palisade.Model; answers are computed once per threat.</summary>
internal sealed class SrmCatalogueView(SrmCatalogue catalogue) : ICatalogueView
{
    private readonly Dictionary<string, IReadOnlyList<string>> _stages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<ScenarioThreat>> _scenarioThreats = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _objectives = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _controls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _served = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public string Version => catalogue.Version;

    public bool HasThreat(string id) => catalogue.TryGet<Threat>(id, out _);

    public bool HasControl(string id) => catalogue.TryGet<Control>(id, out _);

    public bool HasScenario(string id) => catalogue.TryGet<Scenario>(id, out _);

    public bool HasCharacteristic(string id) => catalogue.TryGet<Characteristic>(id, out _);

    public bool IsKnownRole(string role) => catalogue.TryGet<Role>(role, out _);

    public string DomainId(Description.SecurityDomain domain) => domain switch
    {
        Description.SecurityDomain.Edge => "domain.7.2.2",
        Description.SecurityDomain.CloudInfrastructure => "domain.7.2.3",
        Description.SecurityDomain.Platform => "domain.7.2.4",
        _ => "domain.7.2.5",
    };

    public string StageId(Description.LifeCycleStage stage) => stage switch
    {
        Description.LifeCycleStage.DevelopmentProduction => "stage.7.3.2",
        Description.LifeCycleStage.UtilizationSupport => "stage.7.3.3",
        _ => "stage.7.3.4",
    };

    public IReadOnlyList<string> StagesListing(string threatId) =>
        Cached(_stages, threatId, id => catalogue.StagesListing(id).Select(s => s.Id).ToArray());

    public IReadOnlyList<string> ScenarioThreats(string scenarioId, string threatId)
    {
        var all = Cached(_scenarioThreats, threatId, id => catalogue.ScenarioThreatsFor(id));
        return all.Where(st => string.Equals(st.ScenarioId, scenarioId, StringComparison.Ordinal)).Select(st => st.Id).ToArray();
    }

    public IReadOnlyList<string> ObjectivesFor(string threatId) =>
        Cached(_objectives, threatId, id => catalogue.ObjectivesCountering(id).Select(o => o.Id).ToArray());

    public IReadOnlyList<string> ObjectivesServedBy(string controlId) =>
        Cached(_served, controlId, id => catalogue.TryGet<Control>(id, out var control) ? control.Serves.Select(m => m.TargetId).ToArray() : []);

    public IReadOnlyList<string> ControlsFor(string threatId) =>
        Cached(_controls, threatId, id => catalogue.ControlsCountering(id).Select(c => c.Id).ToArray());

    private TValue Cached<TValue>(Dictionary<string, TValue> cache, string key, Func<string, TValue> compute)
    {
        lock (_gate)
        {
            if (!cache.TryGetValue(key, out var value))
            {
                value = compute(key);
                cache.Add(key, value);
            }

            return value;
        }
    }
}
