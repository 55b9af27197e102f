using System.Runtime.CompilerServices;
using Palisade.Assessment.Catalogue;
using Palisade.Assessment.Description;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Engine;

/// <summary>
/// A description indexed for rules: every lookup is a dictionary hit, so a rule that walks assets or flows once
/// stays linear. Also builds findings, so every rule fills controls, links and severity the same way.
/// </summary>
/// <remarks>
/// Methods run once per finding or once per assessment over every record are marked
/// <see cref="MethodImplOptions.AggressiveOptimization"/>: an assessment is usually the only work of its process
/// (<c>palisade assess</c>), and with tiered compilation a cold run spent about a second of CPU in unoptimised code
/// before the hot loops were promoted (docs/benchmarks-assessment.md).
/// </remarks>
public sealed class AssessmentContext
{
    private static readonly ControlStatus[] NoControls = [];
    private static readonly IReadOnlyList<string> NoStrings = [];

    private readonly ICatalogueView _catalogue;
    private readonly ILiveControlSource? _live;
    private readonly Dictionary<string, Zone> _zones;
    private readonly Dictionary<string, Site> _sites;
    private readonly Dictionary<string, Participant> _participants;
    private readonly Dictionary<string, int> _assets;
    private readonly string[] _assetIds;
    private int _hint;
    private readonly FlowIndex _flowsFrom;
    private readonly FlowIndex _flowsTo;
    private readonly ResolvedFlow[] _resolved;
    private readonly Dictionary<string, DeclaredIndex> _declared;
    private readonly Dictionary<string, ControlStatus> _missing = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), ControlStatus> _present = [];
    private readonly Dictionary<(string, string), ControlStatus> _enforced = [];
    private readonly Dictionary<IReadOnlyList<string>, ControlStatus[]> _allMissing = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(string Threat, LifeCycleStage? Stage), IReadOnlyList<string>> _stageLinks = [];
    private readonly Dictionary<string, IReadOnlyList<string>> _scenarioLinks = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Threat, IReadOnlyList<string> Controls), IReadOnlyList<string>> _objectiveLinks = new(new ObjectiveKeyComparer());
    // By (domain, 1 + other domain or 0): hashing a tuple with a nullable enum per finding cost more than the rest of it.
    private readonly IReadOnlyList<string>?[,] _domainLinks = new IReadOnlyList<string>?[DomainCount, DomainCount + 1];
    private static readonly int DomainCount = Enum.GetValues<SecurityDomain>().Length;
    private readonly Dictionary<ControlStatus[], ControlStatus[]> _shared = new(new StatusArrayComparer());
    private readonly HashSet<string> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Threat, IReadOnlyList<string> Controls), FindingPlan> _plans = new(new ObjectiveKeyComparer());
    private FindingPlan? _lastPlan;
    private readonly bool[] _connected;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal AssessmentContext(IipDescription description, DateOnly asOf, ICatalogueView catalogue, ILiveControlSource? live)
    {
        Description = description;
        AsOf = asOf;
        _catalogue = catalogue;
        _live = live;
        _zones = description.Zones.ToDictionary(z => z.Id, StringComparer.Ordinal);
        _sites = description.Sites.ToDictionary(s => s.Id, StringComparer.Ordinal);
        _participants = description.Participants.ToDictionary(p => p.Id, StringComparer.Ordinal);
        // Every asset and flow end is looked up by id exactly once here; rules then walk arrays (flows by sender and
        // by receiver as slices of one array each, every flow with its ends resolved) instead of hashing ids again.
        var assets = description.Assets;
        _assets = new Dictionary<string, int>(assets.Count, StringComparer.Ordinal);
        _assetIds = new string[assets.Count];
        var zoneIndex = new Dictionary<string, int>(description.Zones.Count, StringComparer.Ordinal);
        for (var i = 0; i < description.Zones.Count; i++)
        {
            zoneIndex.TryAdd(description.Zones[i].Id, i);
        }

        var assetZones = new int[assets.Count];
        for (var i = 0; i < assets.Count; i++)
        {
            var asset = assets[i];
            _assets.Add(asset.Id, i);
            _assetIds[i] = asset.Id;
            assetZones[i] = zoneIndex.TryGetValue(asset.Zone, out var z) ? z : -1;
        }

        var flows = description.Flows;
        var fromIndex = new int[flows.Count];
        var toIndex = new int[flows.Count];
        _resolved = new ResolvedFlow[flows.Count];
        for (var i = 0; i < flows.Count; i++)
        {
            var flow = flows[i];
            var from = fromIndex[i] = _assets.TryGetValue(flow.From, out var f) ? f : -1;
            var to = toIndex[i] = _assets.TryGetValue(flow.To, out var t) ? t : -1;
            var fromZone = from < 0 ? -1 : assetZones[from];
            var toZone = to < 0 ? -1 : assetZones[to];
            _resolved[i] = new ResolvedFlow(
                flow,
                from < 0 ? null : assets[from],
                to < 0 ? null : assets[to],
                fromZone < 0 ? null : description.Zones[fromZone],
                toZone < 0 ? null : description.Zones[toZone],
                fromZone,
                toZone);
        }

        _flowsFrom = new FlowIndex(flows, fromIndex, assets.Count, static flow => flow.From);
        _flowsTo = new FlowIndex(flows, toIndex, assets.Count, static flow => flow.To);
        _connected = BuildConnected(_resolved, fromIndex, toIndex, assets.Count);

        _declared = new Dictionary<string, DeclaredIndex>(StringComparer.Ordinal);
        foreach (var control in description.Controls)
        {
            if (!_declared.TryGetValue(control.ControlId, out var index))
            {
                index = new DeclaredIndex();
                _declared.Add(control.ControlId, index);
            }

            var evidence = control.Link is null ? control.Evidence : $"{control.Evidence} ({control.Link})";
            if (control.AllTargets)
            {
                index.All ??= evidence;
            }

            foreach (var target in control.Targets)
            {
                var colon = target.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    index.Add(target[..colon], target[(colon + 1)..], evidence);
                }
            }
        }
    }

    /// <summary>
    /// A context for another thread: shares the indexes (read-only once built) and has its own caches of finding
    /// plans, statuses and texts, which are not thread-safe. Findings it builds are equal to the original's.
    /// </summary>
    private AssessmentContext(AssessmentContext shared)
    {
        Description = shared.Description;
        AsOf = shared.AsOf;
        _catalogue = shared._catalogue;
        _live = shared._live;
        _zones = shared._zones;
        _sites = shared._sites;
        _participants = shared._participants;
        _assets = shared._assets;
        _assetIds = shared._assetIds;
        _flowsFrom = shared._flowsFrom;
        _flowsTo = shared._flowsTo;
        _resolved = shared._resolved;
        _connected = shared._connected;
        _declared = shared._declared;
        Tracking = shared.Tracking;
    }

    /// <summary>A context rules can use on another thread at the same time as this one (see the private constructor).</summary>
    internal AssessmentContext ForWorker() => new(this);

    /// <summary>The description being assessed.</summary>
    public IipDescription Description { get; }

    /// <summary>Risk tracking applied to each finding as it is built; null for none. Set before rules run.</summary>
    internal RiskTracking? Tracking { get; set; }

    /// <summary>Date end-of-support dates are compared against.</summary>
    public DateOnly AsOf { get; }

    /// <summary>Version of the catalogue in use.</summary>
    public string CatalogueVersion => _catalogue.Version;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Asset? Asset(string id) => _assets.TryGetValue(id, out var index) ? Description.Assets[index] : null;

    public Zone? Zone(string id) => _zones.GetValueOrDefault(id);

    public Site? Site(string id) => _sites.GetValueOrDefault(id);

    public Participant? Participant(string id) => _participants.GetValueOrDefault(id);

    /// <summary>Flows the asset sends (a span: rules walk it for every asset, so nothing is allocated).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<DataFlow> FlowsFrom(string assetId) => _flowsFrom.Of(IndexOf(assetId), assetId);

    /// <summary>Flows the asset receives.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<DataFlow> FlowsTo(string assetId) => _flowsTo.Of(IndexOf(assetId), assetId);

    /// <summary>Every flow of the description, in order, with its ends and their zones resolved.</summary>
    internal ResolvedFlow[] ResolvedFlows => _resolved;

    /// <summary>The zone an asset sits in.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Zone? ZoneOf(Asset asset) => _zones.GetValueOrDefault(asset.Zone);

    /// <summary>Whether the asset sits in a cloud zone (the platform side).</summary>
    public bool IsCloudSide(Asset asset) => ZoneOf(asset)?.Kind == ZoneKind.Cloud;

    /// <summary>Whether any flow links the asset with an asset on the cloud side: it is connected to the IIP.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool ConnectsToPlatform(Asset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var index = IndexOf(asset.Id);
        return index >= 0 && _connected[index];
    }

    /// <summary>
    /// Position of the asset with this id, -1 if none. Rules walk the assets in order and ask about each one a few
    /// times (flows from, flows to, connected): the id object is first looked for by reference just at and after the
    /// last answer, which finds it without hashing; otherwise the dictionary answers. Per context, so per thread.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int IndexOf(string assetId)
    {
        var ids = _assetIds;
        var end = Math.Min(_hint + 16, ids.Length);
        for (var i = _hint; i < end; i++)
        {
            if (ReferenceEquals(ids[i], assetId))
            {
                _hint = i;
                return i;
            }
        }

        if (_assets.TryGetValue(assetId, out var index))
        {
            _hint = index;
            return index;
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool[] BuildConnected(ResolvedFlow[] resolved, int[] fromIndex, int[] toIndex, int assetCount)
    {
        var connected = new bool[assetCount];
        for (var i = 0; i < resolved.Length; i++)
        {
            ref readonly var ends = ref resolved[i];
            if (fromIndex[i] >= 0 && toIndex[i] >= 0)
            {
                if (ends.ToCloud)
                {
                    connected[fromIndex[i]] = true;
                }

                if (ends.FromCloud)
                {
                    connected[toIndex[i]] = true;
                }
            }
        }

        return connected;
    }

    /// <summary>Jurisdiction whose law applies to the asset: its zone's, else its site's, else its owner's.</summary>
    public string? JurisdictionOf(Asset asset) => JurisdictionOf(asset, ZoneOf(asset));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? JurisdictionOf(Asset asset, Zone? zone)
    {
        if (zone?.Jurisdiction is { } zoneJurisdiction)
        {
            return zoneJurisdiction;
        }

        if (zone?.Site is { } siteId && _sites.TryGetValue(siteId, out var site))
        {
            return site.Jurisdiction;
        }

        return _participants.GetValueOrDefault(asset.Owner)?.Jurisdiction;
    }

    /// <summary>True when stated, or when both ends have known, different jurisdictions.</summary>
    public bool CrossesBorder(DataFlow flow)
    {
        if (flow.CrossesBorder)
        {
            return true;
        }

        var from = Asset(flow.From);
        var to = Asset(flow.To);
        if (from is null || to is null)
        {
            return false;
        }

        var a = JurisdictionOf(from);
        var b = JurisdictionOf(to);
        return a is not null && b is not null && !string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>As <see cref="CrossesBorder(DataFlow)"/> with the ends already resolved.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool CrossesBorder(in ResolvedFlow ends)
    {
        if (ends.Flow.CrossesBorder)
        {
            return true;
        }

        if (ends.From is not { } from || ends.To is not { } to)
        {
            return false;
        }

        var a = JurisdictionOf(from, ends.FromZone);
        var b = JurisdictionOf(to, ends.ToZone);
        return a is not null && b is not null && !string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True when the date is known and on or before the assessment date.</summary>
    public bool HasPassed(DateOnly? date) => date is { } d && d <= AsOf;

    /// <summary>Devices: things with their own identity at the edge (not hosts, servers, applications or cloud services).</summary>
    public static bool IsDevice(Asset asset) => asset.Kind is AssetKind.Sensor or AssetKind.Actuator or AssetKind.Plc
        or AssetKind.Gateway or AssetKind.EdgePlatform or AssetKind.Robot or AssetKind.NetworkDevice;

    /// <summary>Display name for messages.</summary>
    public static string NameOf(Asset asset) => asset.Name ?? asset.Id;

    /// <summary>
    /// Builds a finding for a threat at a target. <paramref name="asset"/> gives the target's domain and stage (the
    /// sending asset for a flow); <paramref name="controls"/> defaults to the rule's controls. The finding is
    /// countered when every control is present, declared with evidence or enforced live.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Finding Finding(
        RuleMetadata rule,
        TargetRef target,
        Asset? asset,
        int likelihood,
        int impact,
        string title,
        string rationale,
        IReadOnlyList<string>? controls = null,
        Asset? otherAsset = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(rationale);
        return Build(rule, target, asset, likelihood, impact, new FixedFindingText(title, Shared(rationale)), controls, otherAsset);
    }

    /// <summary>
    /// As <see cref="Finding(RuleMetadata, TargetRef, Asset?, int, int, string, string, IReadOnlyList{string}?, Asset?)"/>,
    /// with the title and rationale formatted from <paramref name="state"/> only when a report reads them: rules that
    /// yield tens of thousands of findings use this, so an assessment does not build a million strings nobody may
    /// read. <paramref name="state"/> must hold only immutable values (description records, numbers, strings): the
    /// text is formatted later, maybe more than once, and must come out the same each time. Pass static lambdas.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Finding Finding<TState>(
        RuleMetadata rule,
        TargetRef target,
        Asset? asset,
        int likelihood,
        int impact,
        TState state,
        Func<TState, string> title,
        Func<TState, string> rationale,
        IReadOnlyList<string>? controls = null,
        Asset? otherAsset = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(rationale);
        return Build(rule, target, asset, likelihood, impact, new LazyFindingText<TState>(state, title, rationale), controls, otherAsset);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Finding Build(
        RuleMetadata rule,
        TargetRef target,
        Asset? asset,
        int likelihood,
        int impact,
        FindingText text,
        IReadOnlyList<string>? controls,
        Asset? otherAsset)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var plan = PlanFor(rule.Id, controls ?? rule.Controls);
        var statuses = plan.CanBePresent ? Statuses(plan.Controls, target, asset) : plan.AllMissing;
        var countered = statuses.Length > 0 && AllPresent(statuses);
        likelihood = Math.Clamp(likelihood, 1, 5);
        impact = Math.Clamp(impact, 1, 5);
        var applicability = countered ? Applicability.Countered : Applicability.Open;
        var treatment = Treatment.None;
        TrackingNote? note = null;
        if (Tracking is { } tracking && Track(tracking, rule.Id, target, out note) is { } entry)
        {
            (applicability, treatment) = RiskTracking.Decide(entry.Status, applicability, treatment);
        }

        return new Finding(
            text,
            rule.Id,
            rule.Id,
            target.Kind,
            target.Id,
            likelihood,
            impact,
            countered ? SeverityMatrix.Residual(impact) : SeverityMatrix.Rate(likelihood, impact),
            applicability,
            treatment,
            statuses,
            plan.Objectives,
            Domains(asset, otherAsset),
            plan.Stages(asset?.Stage),
            plan.Scenarios,
            note);
    }

    /// <summary>The tracking entry for the finding id <c>{threat}@{kind}:{id}</c>, composed on the stack, not the heap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TrackingEntry? Track(RiskTracking tracking, string threatId, TargetRef target, out TrackingNote? note)
    {
        var length = threatId.Length + 1 + target.Kind.Length + 1 + target.Id.Length;
        Span<char> id = length <= 256 ? stackalloc char[256] : new char[length];
        id = id[..length];
        threatId.CopyTo(id);
        id[threatId.Length] = '@';
        var rest = id[(threatId.Length + 1)..];
        target.Kind.CopyTo(rest);
        rest[target.Kind.Length] = ':';
        target.Id.CopyTo(rest[(target.Kind.Length + 1)..]);
        return tracking.Match(id, out note);
    }

    private static bool AllPresent(ControlStatus[] statuses)
    {
        foreach (var status in statuses)
        {
            if (status.Presence == ControlPresence.Missing)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// What every finding of one threat with one control list shares (objectives, scenario threats, stages per
    /// stage, the all-missing status array), computed once: a rule produces up to a hundred thousand findings with
    /// the same list, and looking these up per finding was most of the cost of building one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private FindingPlan PlanFor(string threatId, IReadOnlyList<string> controls)
    {
        // Rules call with the same metadata and static control arrays in long runs: a reference check avoids hashing.
        if (_lastPlan is { } last && ReferenceEquals(last.ThreatId, threatId) && ReferenceEquals(last.Controls, controls))
        {
            return last;
        }

        if (!_plans.TryGetValue((threatId, controls), out var plan))
        {
            var canBePresent = _live is not null;
            foreach (var control in controls)
            {
                canBePresent |= _declared.ContainsKey(control);
            }

            plan = new FindingPlan(
                threatId,
                controls,
                canBePresent,
                AllMissing(controls),
                Objectives(threatId, controls),
                Scenarios(threatId),
                stage => Stages(threatId, stage));
            _plans.Add((threatId, controls), plan);
        }

        _lastPlan = plan;
        return plan;
    }

    private ControlStatus[] AllMissing(IReadOnlyList<string> controls)
    {
        if (controls.Count == 0)
        {
            return NoControls;
        }

        if (!_allMissing.TryGetValue(controls, out var shared))
        {
            shared = controls.Select(Missing).ToArray();
            _allMissing.Add(controls, shared);
        }

        return shared;
    }

    /// <summary>Rationales repeat across targets; keep one copy of each so half a million findings stay small.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string Shared(string text)
    {
        if (_texts.TryGetValue(text, out var existing))
        {
            return existing;
        }

        _texts.Add(text);
        return text;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ControlStatus[] Statuses(IReadOnlyList<string> controls, TargetRef target, Asset? asset)
    {
        if (controls.Count == 0)
        {
            return NoControls;
        }

        ControlStatus[]? result = null;
        for (var i = 0; i < controls.Count; i++)
        {
            var status = Status(controls[i], target, asset);
            if (status.Presence != ControlPresence.Missing && result is null)
            {
                result = new ControlStatus[controls.Count];
                for (var j = 0; j < i; j++)
                {
                    result[j] = Status(controls[j], target, asset);
                }
            }

            if (result is not null)
            {
                result[i] = status;
            }
        }

        if (result is not null)
        {
            // Findings with the same presence pattern share one array: only the distinct patterns stay in memory.
            if (_shared.TryGetValue(result, out var existing))
            {
                return existing;
            }

            _shared.Add(result, result);
            return result;
        }

        // Most findings have every control missing: share one array per control list instead of one per finding.
        return AllMissing(controls);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ControlStatus Status(string controlId, TargetRef target, Asset? asset)
    {
        if (_declared.TryGetValue(controlId, out var index) && Declared(index, target, asset) is { } evidence)
        {
            return Present(controlId, ControlPresence.Declared, evidence);
        }

        if (_live?.Enforcement(controlId, target) is { } enforced)
        {
            return Present(controlId, ControlPresence.Enforced, $"{_live.Name}: {enforced}");
        }

        return Missing(controlId);
    }

    private ControlStatus Missing(string controlId)
    {
        if (!_missing.TryGetValue(controlId, out var status))
        {
            status = new ControlStatus(controlId, ControlPresence.Missing, null);
            _missing.Add(controlId, status);
        }

        return status;
    }

    private ControlStatus Present(string controlId, ControlPresence presence, string evidence)
    {
        var cache = presence == ControlPresence.Enforced ? _enforced : _present;
        if (!cache.TryGetValue((controlId, evidence), out var status))
        {
            status = new ControlStatus(controlId, presence, evidence);
            cache.Add((controlId, evidence), status);
        }

        return status;
    }

    /// <summary>A declaration covers its targets; one on a zone covers the assets in it, one on a site its zones, one on a participant what it owns, one on an asset the flows it sends.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? Declared(DeclaredIndex index, TargetRef target, Asset? asset)
    {
        if (index.All is { } all)
        {
            return all;
        }

        if (index.IsEmpty)
        {
            return null;
        }

        if (index.Get(target.Kind, target.Id) is { } direct)
        {
            return direct;
        }

        if (string.Equals(target.Kind, TargetRef.ZoneKind, StringComparison.Ordinal) && Zone(target.Id)?.Site is { } zoneSite)
        {
            return index.Get(TargetRef.SiteKind, zoneSite);
        }

        if (asset is null)
        {
            return null;
        }

        if (!string.Equals(target.Kind, TargetRef.AssetKind, StringComparison.Ordinal)
            && index.Get(TargetRef.AssetKind, asset.Id) is { } viaAsset)
        {
            return viaAsset;
        }

        if (index.Get(TargetRef.ZoneKind, asset.Zone) is { } viaZone)
        {
            return viaZone;
        }

        if (ZoneOf(asset)?.Site is { } site && index.Get(TargetRef.SiteKind, site) is { } viaSite)
        {
            return viaSite;
        }

        return index.Get(TargetRef.ParticipantKind, asset.Owner);
    }

    /// <summary>Objectives the catalogue says counter the threat, plus those served by the controls asked for, in id order.</summary>
    private IReadOnlyList<string> Objectives(string threatId, IReadOnlyList<string> controls)
    {
        if (!_objectiveLinks.TryGetValue((threatId, controls), out var list))
        {
            var set = new SortedSet<string>(_catalogue.ObjectivesFor(threatId), StringComparer.Ordinal);
            foreach (var control in controls)
            {
                set.UnionWith(_catalogue.ObjectivesServedBy(control));
            }

            list = [.. set];
            _objectiveLinks.Add((threatId, controls), list);
        }

        return list;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private IReadOnlyList<string> Domains(Asset? asset, Asset? other)
    {
        if (asset is null)
        {
            return NoStrings;
        }

        SecurityDomain? second = other is null || other.Domain == asset.Domain ? null : other.Domain;
        var first = (int)asset.Domain;
        var slot = second is { } o ? (int)o + 1 : 0;
        if ((uint)first >= DomainCount || (uint)slot > DomainCount)
        {
            // Not a declared enum value (only from code building descriptions by hand): no cache.
            return second is { } s2 ? [_catalogue.DomainId(asset.Domain), _catalogue.DomainId(s2)] : [_catalogue.DomainId(asset.Domain)];
        }

        var list = _domainLinks[first, slot];
        if (list is null)
        {
            list = second is { } s ? [_catalogue.DomainId(asset.Domain), _catalogue.DomainId(s)] : [_catalogue.DomainId(asset.Domain)];
            _domainLinks[first, slot] = list;
        }

        return list;
    }

    /// <summary>The stages listing the threat; narrowed to the target's own stage when that is one of them.</summary>
    private IReadOnlyList<string> Stages(string threatId, LifeCycleStage? stage)
    {
        if (!_stageLinks.TryGetValue((threatId, stage), out var list))
        {
            var listing = _catalogue.StagesListing(threatId);
            var own = stage is { } s ? _catalogue.StageId(s) : null;
            list = own is not null && listing.Contains(own, StringComparer.Ordinal) ? [own] : listing;
            _stageLinks.Add((threatId, stage), list);
        }

        return list;
    }

    private IReadOnlyList<string> Scenarios(string threatId)
    {
        if (!_scenarioLinks.TryGetValue(threatId, out var list))
        {
            var found = new List<string>();
            foreach (var scenario in Description.Scenarios)
            {
                found.AddRange(_catalogue.ScenarioThreats(scenario.Id, threatId));
            }

            list = found;
            _scenarioLinks.Add(threatId, list);
        }

        return list;
    }

    /// <summary>Arrays equal when they hold the same status objects (statuses are themselves shared).</summary>
    private sealed class StatusArrayComparer : IEqualityComparer<ControlStatus[]>
    {
        public bool Equals(ControlStatus[]? x, ControlStatus[]? y)
        {
            if (x is null || y is null || x.Length != y.Length)
            {
                return ReferenceEquals(x, y);
            }

            for (var i = 0; i < x.Length; i++)
            {
                if (!ReferenceEquals(x[i], y[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public int GetHashCode(ControlStatus[] obj)
        {
            var hash = default(HashCode);
            foreach (var status in obj)
            {
                hash.Add(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(status));
            }

            return hash.ToHashCode();
        }
    }

    /// <summary>Threat id by value, control list by reference (rules pass their static arrays).</summary>
    private sealed class ObjectiveKeyComparer : IEqualityComparer<(string Threat, IReadOnlyList<string> Controls)>
    {
        public bool Equals((string Threat, IReadOnlyList<string> Controls) x, (string Threat, IReadOnlyList<string> Controls) y) =>
            string.Equals(x.Threat, y.Threat, StringComparison.Ordinal) && ReferenceEquals(x.Controls, y.Controls);

        public int GetHashCode((string Threat, IReadOnlyList<string> Controls) obj) =>
            HashCode.Combine(StringComparer.Ordinal.GetHashCode(obj.Threat), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Controls));
    }

    /// <summary>Links shared by every finding of one threat with one control list (see <see cref="PlanFor"/>).</summary>
    private sealed class FindingPlan(
        string threatId,
        IReadOnlyList<string> controls,
        bool canBePresent,
        ControlStatus[] allMissing,
        IReadOnlyList<string> objectives,
        IReadOnlyList<string> scenarios,
        Func<LifeCycleStage?, IReadOnlyList<string>> stages)
    {
        // Index 0 for no stage, 1 + the enum value otherwise.
        private readonly IReadOnlyList<string>?[] _stages = new IReadOnlyList<string>?[Enum.GetValues<LifeCycleStage>().Length + 1];

        public string ThreatId { get; } = threatId;

        public IReadOnlyList<string> Controls { get; } = controls;

        /// <summary>False when no control of the list is declared anywhere and nothing is enforced live: every finding gets <see cref="AllMissing"/>.</summary>
        public bool CanBePresent { get; } = canBePresent;

        public ControlStatus[] AllMissing { get; } = allMissing;

        public IReadOnlyList<string> Objectives { get; } = objectives;

        public IReadOnlyList<string> Scenarios { get; } = scenarios;

        public IReadOnlyList<string> Stages(LifeCycleStage? stage)
        {
            var slot = stage is { } s && (int)s >= 0 && (int)s < _stages.Length - 1 ? (int)s + 1 : 0;
            if (stage is not null && slot == 0)
            {
                return stages(stage);
            }

            return _stages[slot] ??= stages(stage);
        }
    }

    /// <summary>Declarations of one control, by target kind then id, so a lookup never builds a string.</summary>
    private sealed class DeclaredIndex
    {
        private readonly Dictionary<string, Dictionary<string, string>> _byKind = new(StringComparer.Ordinal);

        public string? All { get; set; }

        public bool IsEmpty => _byKind.Count == 0;

        public void Add(string kind, string id, string evidence)
        {
            if (!_byKind.TryGetValue(kind, out var ids))
            {
                ids = new Dictionary<string, string>(StringComparer.Ordinal);
                _byKind.Add(kind, ids);
            }

            ids.TryAdd(id, evidence);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public string? Get(string kind, string id) =>
            _byKind.TryGetValue(kind, out var ids) && ids.TryGetValue(id, out var evidence) ? evidence : null;
    }
}
