using System.Security.Cryptography;
using System.Text.Json;
using Palisade.Model.Items;
using Palisade.Model.Loading;

namespace Palisade.Model;

/// <summary>
/// The ISO/IEC 24392:2023 (SRM-IIP) reference model as data: characteristics, threats, security domains,
/// life-cycle stages, business scenarios, roles, objectives and controls, with every cross-reference resolved.
/// Loaded once from the embedded <c>Data/srm-iip.json</c> and validated (unique ids, every link resolves, every
/// published cross-reference that differs from its resolution carries a reason); invalid data fails at start
/// with a <see cref="CatalogueValidationException"/> listing every problem.
/// </summary>
/// <remarks>
/// Threat relations are "family" aware: a stage, scenario, control or objective linked to a parent threat
/// (e.g. <c>threat.6.2.d</c>) also concerns its sub-items (<c>threat.6.2.d.1</c>...), and a link to a sub-item also
/// concerns its parent. The query methods below return both the direct and the family links.
/// </remarks>
public sealed class SrmCatalogue
{
    /// <summary>Logical name of the embedded catalogue resource.</summary>
    public const string ResourceName = "Palisade.Model.Data.srm-iip.json";

    private static readonly Lazy<SrmCatalogue> s_default = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, CatalogueItem> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Threat>> _threatsByCharacteristic = new(StringComparer.Ordinal);

    private SrmCatalogue(CatalogueContent content, string contentHash)
    {
        Version = content.Version + "+" + contentHash;
        Standard = content.Standard;
        Characteristics = content.Characteristics;
        Threats = content.Threats;
        TopLevelThreats = content.Threats.Where(t => t.IsTopLevel).ToArray();
        Domains = content.Domains;
        Roles = content.Roles;
        LifecycleStages = content.Stages;
        Scenarios = content.Scenarios;
        ScenarioThreats = content.Scenarios.SelectMany(s => s.Threats).ToArray();
        Objectives = content.Objectives;
        ControlGroups = content.ControlGroups;
        Controls = content.Controls;
        Notes = content.Notes;

        var all = new List<CatalogueItem>();
        all.AddRange(Characteristics);
        all.AddRange(Threats);
        all.AddRange(Domains);
        all.AddRange(LifecycleStages);
        all.AddRange(Scenarios);
        all.AddRange(ScenarioThreats);
        all.AddRange(Roles);
        all.AddRange(Objectives);
        all.AddRange(ControlGroups);
        all.AddRange(Controls);
        all.AddRange(Notes);
        Items = all;
        foreach (var item in all)
        {
            _byId.Add(item.Id, item);
        }

        foreach (var t in Threats.Where(t => t.CharacteristicReference is not null))
        {
            foreach (var c in t.CharacteristicIds)
            {
                if (!_threatsByCharacteristic.TryGetValue(c, out var list))
                {
                    _threatsByCharacteristic[c] = list = [];
                }

                list.Add(t);
            }
        }
    }

    /// <summary>The catalogue embedded in this assembly, loaded and validated on first use.</summary>
    /// <exception cref="CatalogueValidationException">The embedded data is invalid (a build defect).</exception>
    public static SrmCatalogue Default => s_default.Value;

    /// <summary>Data version plus the first 12 hex digits of the SHA-256 of the data, e.g. <c>2023.r1+1a2b3c4d5e6f</c>.</summary>
    public string Version { get; }

    /// <summary>The standard modelled: <c>ISO/IEC 24392:2023</c>.</summary>
    public string Standard { get; }

    /// <summary>The 24 characteristics of 6.1 a–x.</summary>
    public IReadOnlyList<Characteristic> Characteristics { get; }

    /// <summary>Every threat item of 6.2: the 18 lettered threats and their numbered sub-items, in text order.</summary>
    public IReadOnlyList<Threat> Threats { get; }

    /// <summary>The 18 lettered threats a)–r).</summary>
    public IReadOnlyList<Threat> TopLevelThreats { get; }

    /// <summary>The four security domains of 7.2.</summary>
    public IReadOnlyList<SecurityDomain> Domains { get; }

    /// <summary>Roles and stakeholders named in 7.3–7.4.</summary>
    public IReadOnlyList<Role> Roles { get; }

    /// <summary>The three life-cycle stages of 7.3.2–7.3.4.</summary>
    public IReadOnlyList<LifecycleStage> LifecycleStages { get; }

    /// <summary>The four business scenarios of 7.4.2–7.4.5.</summary>
    public IReadOnlyList<Scenario> Scenarios { get; }

    /// <summary>Every scenario threat T1…Tn of every scenario.</summary>
    public IReadOnlyList<ScenarioThreat> ScenarioThreats { get; }

    /// <summary>The objectives of 8.1 a–l.</summary>
    public IReadOnlyList<Objective> Objectives { get; }

    /// <summary>The control groups 8.2.1–8.2.9 (8.2.9 has no text in our copy).</summary>
    public IReadOnlyList<ControlGroup> ControlGroups { get; }

    /// <summary>Every control of 8.2.</summary>
    public IReadOnlyList<Control> Controls { get; }

    /// <summary>Notes about the text of our copy (e.g. 8.2.9 absent).</summary>
    public IReadOnlyList<CatalogueNote> Notes { get; }

    /// <summary>Every item, by kind then data order.</summary>
    public IReadOnlyList<CatalogueItem> Items { get; }

    /// <summary>Parses and validates a catalogue from UTF-8 JSON.</summary>
    /// <exception cref="CatalogueValidationException">The JSON is malformed or the data inconsistent.</exception>
    public static SrmCatalogue Load(ReadOnlySpan<byte> utf8Json)
    {
        CatalogueDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize(utf8Json, CatalogueJsonContext.Default.CatalogueDocument);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is null ? string.Empty : $" at {ex.Path}";
            var line = ex.LineNumber is { } l ? $" (line {l + 1}, byte {ex.BytePositionInLine + 1})" : string.Empty;
            throw new CatalogueValidationException([$"malformed JSON{where}{line}: {FirstLine(ex.Message)}"], ex);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            throw new CatalogueValidationException([$"unsupported JSON content: {FirstLine(ex.Message)}"], ex);
        }

        var builder = new CatalogueBuilder();
        var content = builder.Build(doc);
        if (content is null)
        {
            throw new CatalogueValidationException(builder.Errors.ToArray());
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(utf8Json))[..12];
        return new SrmCatalogue(content, hash);
    }

    /// <summary>Parses and validates a catalogue from a stream of UTF-8 JSON.</summary>
    /// <exception cref="CatalogueValidationException">The JSON is malformed or the data inconsistent.</exception>
    public static SrmCatalogue Load(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var buffer = new MemoryStream();
        utf8Json.CopyTo(buffer);
        return Load(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>The embedded catalogue JSON, as shipped.</summary>
    public static byte[] ReadEmbeddedJson()
    {
        using var stream = typeof(SrmCatalogue).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new CatalogueValidationException($"embedded resource '{ResourceName}' is missing from {typeof(SrmCatalogue).Assembly.GetName().Name}");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Finds any item by id.</summary>
    public bool TryGet(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CatalogueItem? item) =>
        _byId.TryGetValue(id, out item);

    /// <summary>Finds an item of a given type by id.</summary>
    public bool TryGet<T>(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? item)
        where T : CatalogueItem
    {
        item = _byId.TryGetValue(id, out var found) ? found as T : null;
        return item is not null;
    }

    /// <summary>Gets any item by id.</summary>
    /// <exception cref="KeyNotFoundException">No such id.</exception>
    public CatalogueItem Get(string id) =>
        _byId.TryGetValue(id, out var item) ? item : throw new KeyNotFoundException($"No SRM-IIP catalogue item has id '{id}'.");

    /// <summary>Gets an item of a given type by id.</summary>
    /// <exception cref="KeyNotFoundException">No such id, or the item is of another kind.</exception>
    public T Get<T>(string id)
        where T : CatalogueItem =>
        Get(id) as T ?? throw new KeyNotFoundException($"SRM-IIP catalogue item '{id}' is not a {typeof(T).Name}.");

    /// <summary>The threat itself, its parent (if a sub-item) and its sub-items (if a parent).</summary>
    public IReadOnlyList<string> ThreatFamily(string threatId)
    {
        var t = Get<Threat>(threatId);
        var family = new List<string> { t.Id };
        if (t.ParentId is not null)
        {
            family.Add(t.ParentId);
        }

        family.AddRange(t.ChildIds);
        return family;
    }

    /// <summary>Threat items (sub-items or childless lettered threats) whose resolved characteristics include this one.</summary>
    public IReadOnlyList<Threat> ThreatsRaisedBy(string characteristicId) =>
        _threatsByCharacteristic.TryGetValue(characteristicId, out var list) ? list : [];

    /// <summary>Threats placed in a security domain (Palisade's analysis).</summary>
    public IReadOnlyList<Threat> ThreatsInDomain(string domainId) =>
        Threats.Where(t => t.Domains.Any(d => string.Equals(d.TargetId, domainId, StringComparison.Ordinal))).ToArray();

    /// <summary>Controls that counter the threat or its family (Palisade's analysis), in data order.</summary>
    public IReadOnlyList<Control> ControlsCountering(string threatId)
    {
        var family = ThreatFamily(threatId);
        return Controls.Where(c => c.Counters.Any(m => family.Contains(m.TargetId, StringComparer.Ordinal))).ToArray();
    }

    /// <summary>Objectives that answer the threat or its family (Palisade's analysis), in data order.</summary>
    public IReadOnlyList<Objective> ObjectivesCountering(string threatId)
    {
        var family = ThreatFamily(threatId);
        return Objectives.Where(o => o.Counters.Any(m => family.Contains(m.TargetId, StringComparer.Ordinal))).ToArray();
    }

    /// <summary>Controls that serve an objective (Palisade's analysis), in data order.</summary>
    public IReadOnlyList<Control> ControlsServing(string objectiveId) =>
        Controls.Where(c => c.Serves.Any(m => string.Equals(m.TargetId, objectiveId, StringComparison.Ordinal))).ToArray();

    /// <summary>Life-cycle stages whose threat list names the threat or its family (resolved references).</summary>
    public IReadOnlyList<LifecycleStage> StagesListing(string threatId)
    {
        var family = ThreatFamily(threatId);
        return LifecycleStages.Where(s => s.Threats.Any(r => family.Contains(r.ThreatId, StringComparer.Ordinal))).ToArray();
    }

    /// <summary>Scenario threats Tn that refer to the threat or its family (resolved references).</summary>
    public IReadOnlyList<ScenarioThreat> ScenarioThreatsFor(string threatId)
    {
        var family = ThreatFamily(threatId);
        return ScenarioThreats.Where(st => family.Contains(st.ThreatId, StringComparer.Ordinal)).ToArray();
    }

    /// <summary>Stages and scenarios that name a role.</summary>
    public IReadOnlyList<CatalogueItem> ItemsNamingRole(string roleId) =>
        LifecycleStages.Where(s => s.RoleIds.Contains(roleId, StringComparer.Ordinal)).Cast<CatalogueItem>()
            .Concat(Scenarios.Where(s => s.RoleIds.Contains(roleId, StringComparer.Ordinal)))
            .ToArray();

    /// <summary>Ids closest to an unknown one (prefix, containment, then edit distance), for "did you mean".</summary>
    public IReadOnlyList<string> SuggestIds(string unknownId, int max = 5)
    {
        ArgumentNullException.ThrowIfNull(unknownId);
        var needle = unknownId.Trim().ToLowerInvariant();
        return _byId.Keys
            .Select(id => (Id: id, Score: Score(id.ToLowerInvariant(), needle)))
            .OrderBy(x => x.Score)
            .ThenBy(x => x.Id, StringComparer.Ordinal)
            .Take(max)
            .Select(x => x.Id)
            .ToArray();

        static int Score(string id, string needle)
        {
            var d = Levenshtein(id, needle);
            if (id.EndsWith(needle, StringComparison.Ordinal) || id.StartsWith(needle, StringComparison.Ordinal))
            {
                d -= 100;
            }
            else if (id.Contains(needle, StringComparison.Ordinal))
            {
                d -= 50;
            }

            return d;
        }
    }

    private static int Levenshtein(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }

            (prev, cur) = (cur, prev);
        }

        return prev[b.Length];
    }

    private static SrmCatalogue LoadEmbedded() => Load(ReadEmbeddedJson());

    private static string FirstLine(string message)
    {
        var i = message.IndexOfAny(['\r', '\n']);
        return i < 0 ? message : message[..i];
    }
}
