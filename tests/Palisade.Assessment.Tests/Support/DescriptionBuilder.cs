using Palisade.Assessment.Description;

namespace Palisade.Assessment.Tests.Support;

/// <summary>
/// Builds small descriptions for rule tests. Starts with a plant participant in Germany (site hh with zones field,
/// prod and office), a platform operator with a cloud zone, and one cloud service <c>cloud-svc</c>.
/// </summary>
internal sealed class DescriptionBuilder
{
    private readonly List<Participant> _participants =
    [
        new("plant-co", "Plant Co", "DE", false),
        new("platform-co", "Platform Co", "DE", true),
    ];

    private readonly List<Site> _sites = [new("hh", "Hamburg plant", "plant-co", "DE")];

    private readonly List<Zone> _zones =
    [
        new("field", "Field", ZoneKind.Field, "hh", null, 3, false),
        new("prod", "Production", ZoneKind.Production, "hh", null, 2, false),
        new("office", "Office", ZoneKind.Office, "hh", null, null, false),
        new("cloud", "Cloud", ZoneKind.Cloud, null, "DE", null, false),
    ];

    private readonly List<Boundary> _boundaries = [];
    private readonly List<Asset> _assets = [Asset("cloud-svc", AssetKind.CloudService, "cloud", "platform-co")];
    private readonly List<DataFlow> _flows = [];
    private readonly List<ScenarioUse> _scenarios = [];
    private readonly List<DeclaredControl> _controls = [];
    private readonly List<TrackingEntry> _tracking = [];

    public static readonly DateOnly AsOf = new(2026, 11, 25);

    public static Asset Asset(string id, AssetKind kind, string zone, string owner = "plant-co", AssetCapabilities? capabilities = null) =>
        new(id, null, kind, owner, zone, DescriptionLoader.DefaultDomain(kind), LifeCycleStage.UtilizationSupport,
            "Vendor", "Product", "1.0", [], null, null, null, capabilities ?? new AssetCapabilities(DefaultCredentialsChanged: true));

    public DescriptionBuilder Participant(string id, string? jurisdiction = null)
    {
        _participants.Add(new Participant(id, null, jurisdiction, false));
        return this;
    }

    public DescriptionBuilder Site(string id, string participant, string jurisdiction)
    {
        _sites.Add(new Site(id, null, participant, jurisdiction));
        return this;
    }

    public DescriptionBuilder Zone(string id, ZoneKind kind, string? site = null, string? jurisdiction = null, bool prioritised = false, int? level = null)
    {
        _zones.Add(new Zone(id, null, kind, site, jurisdiction, level, prioritised));
        return this;
    }

    public DescriptionBuilder Boundary(string id, string a, string b, bool enforced)
    {
        _boundaries.Add(new Boundary(id, [a, b], null, enforced));
        return this;
    }

    public DescriptionBuilder Add(Asset asset)
    {
        _assets.Add(asset);
        return this;
    }

    public DescriptionBuilder Add(string id, AssetKind kind, string zone, Func<Asset, Asset>? change = null, string owner = "plant-co")
    {
        var asset = Asset(id, kind, zone, owner);
        _assets.Add(change is null ? asset : change(asset));
        return this;
    }

    public DescriptionBuilder Flow(
        string id,
        string from,
        string to,
        DataClass dataClass = DataClass.ShortLivedMeasurement,
        bool secure = false,
        FlowVolume volume = FlowVolume.Low,
        bool crossesBorder = false)
    {
        _flows.Add(new DataFlow(id, from, to, "mqtt", secure, secure, secure, dataClass, crossesBorder, volume));
        return this;
    }

    public DescriptionBuilder Scenario(string id, params RoleAssignment[] roles)
    {
        _scenarios.Add(new ScenarioUse(id, roles));
        return this;
    }

    public DescriptionBuilder Control(string controlId, params string[] targets)
    {
        _controls.Add(new DeclaredControl(controlId, targets.Length == 0, targets, "Audit report AR-7 (test)", null));
        return this;
    }

    public DescriptionBuilder Controls(IEnumerable<string> controlIds)
    {
        foreach (var id in controlIds)
        {
            Control(id);
        }

        return this;
    }

    public DescriptionBuilder Track(string match, TrackingStatus status, string? justification = "decided in review")
    {
        _tracking.Add(new TrackingEntry(match, status, justification, "ciso", AsOf));
        return this;
    }

    public IipDescription Build() =>
        new("Test IIP", "test.yaml", AsOf, [.. _participants], [.. _sites], [.. _zones], [.. _boundaries], [.. _assets], [.. _flows], [.. _scenarios], [.. _controls], [.. _tracking]);
}
