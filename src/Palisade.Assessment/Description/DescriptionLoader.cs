using Palisade.Assessment.Catalogue;

namespace Palisade.Assessment.Description;

/// <summary>
/// Reads an IIP description from YAML (format in docs/assessment.md, schema in schemas/iip-description.schema.json).
/// Every problem is reported as a <see cref="DescriptionException"/> naming file, line, column and field; unknown
/// fields are errors so a typo cannot silently drop a safeguard; references between parts and to the catalogue are
/// checked.
/// </summary>
public static class DescriptionLoader
{
    /// <summary>Format version this loader reads (<c>palisade-description: 1</c>).</summary>
    public const int FormatVersion = 1;

    internal static readonly string[] RootFields =
        ["palisade-description", "name", "assessed-on", "participants", "sites", "zones", "boundaries", "assets", "flows", "scenarios", "controls", "risk-tracking"];

    internal static readonly string[] ParticipantFields = ["id", "name", "jurisdiction", "operates-platform"];
    internal static readonly string[] SiteFields = ["id", "name", "participant", "jurisdiction"];
    internal static readonly string[] ZoneFields = ["id", "name", "kind", "site", "jurisdiction", "security-level", "traffic-prioritisation"];
    internal static readonly string[] BoundaryFields = ["id", "zones", "enforced-by", "enforced"];

    internal static readonly string[] AssetFields =
        ["id", "name", "kind", "owner", "zone", "domain", "stage", "vendor", "product", "version", "aliases", "publisher", "end-of-security-support", "operating-system", "capabilities"];

    internal static readonly string[] OsFields = ["name", "version", "end-of-support"];

    internal static readonly string[] CapabilityFields =
        ["tls", "certificates", "signing", "wireless", "legacy-protocol", "default-credentials-changed", "resource-constrained", "stores-sensitive-data", "emc-shielded", "mobile", "remote-maintenance", "redundant", "patchable"];

    internal static readonly string[] FlowFields = ["id", "from", "to", "protocol", "encrypted", "authenticated", "integrity-protected", "class", "crosses-border", "volume"];
    internal static readonly string[] ScenarioFields = ["id", "roles"];
    internal static readonly string[] RoleFields = ["participant", "role"];
    internal static readonly string[] ControlFields = ["control", "scope", "targets", "evidence", "link"];
    internal static readonly string[] TrackingFields = ["match", "status", "justification", "owner", "date"];

    /// <summary>Loads and checks a description file against the built-in catalogue.</summary>
    /// <exception cref="DescriptionException">The file cannot be read or is invalid.</exception>
    public static IipDescription Load(string path) => Load(path, AssessmentCatalogue.Default);

    /// <summary>Parses and checks description text; <paramref name="fileName"/> is used in messages.</summary>
    /// <exception cref="DescriptionException">The text is invalid.</exception>
    public static IipDescription Parse(string text, string fileName) => Parse(text, fileName, AssessmentCatalogue.Default);

    internal static IipDescription Load(string path, ICatalogueView catalogue)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new DescriptionException(new DescriptionError(name, 0, 0, "(file)", "cannot read the file: " + ex.Message));
        }

        return Parse(text, name, catalogue);
    }

    internal static IipDescription Parse(string text, string fileName, ICatalogueView catalogue)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        var root = YamlTree.Parse(text, fileName)
            ?? throw new DescriptionException(new DescriptionError(fileName, 1, 1, "(root)", "the description is empty"));
        var reader = new NodeReader(fileName);
        var description = Read(reader, root, fileName);
        if (reader.Errors.Count > 0 || description is null)
        {
            throw new DescriptionException(reader.Errors);
        }

        var problems = DescriptionValidator.Validate(description, catalogue);
        if (problems.Count > 0)
        {
            throw new DescriptionException(problems.Select(p => Locate(fileName, root, p.Path, p.Message)).ToList());
        }

        DescriptionValidator.MarkValid(description, catalogue);
        return description;
    }

    private static IipDescription? Read(NodeReader reader, YNode root, string fileName)
    {
        var fields = reader.Mapping(root, string.Empty, RootFields);
        if (fields is null)
        {
            return null;
        }

        var version = fields.Int("palisade-description", 0, int.MaxValue);
        if (fields.Get("palisade-description") is null)
        {
            reader.Error(root, "(root)", $"missing required field 'palisade-description' (the format version, {FormatVersion})");
        }
        else if (version is { } v && v != FormatVersion)
        {
            reader.Error(fields.Get("palisade-description")!, "palisade-description", $"this Palisade reads format version {FormatVersion}, the file says {v}");
        }

        var name = fields.Required("name");
        var assessedOn = fields.Date("assessed-on");
        var participants = List(reader, fields, "participants", ParticipantFields, f =>
            new Participant(f.Required("id"), f.Optional("name"), f.Optional("jurisdiction"), f.Bool("operates-platform", false)));
        var sites = List(reader, fields, "sites", SiteFields, f =>
            new Site(f.Required("id"), f.Optional("name"), f.Required("participant"), f.Required("jurisdiction")));
        var zones = List(reader, fields, "zones", ZoneFields, f =>
            new Zone(
                f.Required("id"),
                f.Optional("name"),
                f.Enum<ZoneKind>("kind", null),
                f.Optional("site"),
                f.Optional("jurisdiction"),
                f.Int("security-level", 1, 4),
                f.Bool("traffic-prioritisation", false)));
        var boundaries = List(reader, fields, "boundaries", BoundaryFields, f =>
            new Boundary(f.Required("id"), f.StringList("zones"), f.Optional("enforced-by"), f.Bool("enforced", false)));
        var assets = List(reader, fields, "assets", AssetFields, f => ReadAsset(reader, f));
        var flows = List(reader, fields, "flows", FlowFields, f =>
            new DataFlow(
                f.Required("id"),
                f.Required("from"),
                f.Required("to"),
                f.Optional("protocol") ?? "unspecified",
                f.Bool("encrypted", false),
                f.Bool("authenticated", false),
                f.Bool("integrity-protected", false),
                f.Enum<DataClass>("class", null),
                f.Bool("crosses-border", false),
                f.Enum<FlowVolume>("volume", FlowVolume.Low)));
        var scenarios = List(reader, fields, "scenarios", ScenarioFields, f =>
            new ScenarioUse(f.Required("id"), List(reader, f, "roles", RoleFields, r => new RoleAssignment(r.Required("participant"), r.Required("role")))));
        var controls = List(reader, fields, "controls", ControlFields, f => ReadControl(reader, f));
        var tracking = List(reader, fields, "risk-tracking", TrackingFields, f =>
            new TrackingEntry(f.Required("match"), f.Enum<TrackingStatus>("status", null), f.Optional("justification"), f.Optional("owner"), f.Date("date")));

        return new IipDescription(name, fileName, assessedOn, participants, sites, zones, boundaries, assets, flows, scenarios, controls, tracking);
    }

    private static Asset ReadAsset(NodeReader reader, NodeReader.Fields f)
    {
        var kind = f.Enum<AssetKind>("kind", null);
        var osFields = reader.Mapping(f.Get("operating-system"), NodeReader.Join(f.Path, "operating-system"), OsFields);
        var os = osFields is null ? null : new OperatingSystemInfo(osFields.Required("name"), osFields.Optional("version"), osFields.Date("end-of-support"));
        var c = reader.Mapping(f.Get("capabilities"), NodeReader.Join(f.Path, "capabilities"), CapabilityFields);
        var capabilities = c is null
            ? AssetCapabilities.None
            : new AssetCapabilities(
                Tls: c.Bool("tls", false),
                Certificates: c.Bool("certificates", false),
                Signing: c.Bool("signing", false),
                Wireless: c.Bool("wireless", false),
                LegacyProtocol: c.Bool("legacy-protocol", false),
                DefaultCredentialsChanged: c.Bool("default-credentials-changed", false),
                ResourceConstrained: c.Bool("resource-constrained", false),
                StoresSensitiveData: c.Bool("stores-sensitive-data", false),
                EmcShielded: c.Bool("emc-shielded", false),
                Mobile: c.Bool("mobile", false),
                RemoteMaintenance: c.Bool("remote-maintenance", false),
                Redundant: c.Bool("redundant", false),
                Patchable: c.Bool("patchable", true));
        return new Asset(
            f.Required("id"),
            f.Optional("name"),
            kind,
            f.Required("owner"),
            f.Required("zone"),
            f.Enum<SecurityDomain>("domain", DefaultDomain(kind)),
            f.Enum<LifeCycleStage>("stage", LifeCycleStage.UtilizationSupport),
            f.Optional("vendor"),
            f.Optional("product"),
            f.Optional("version"),
            f.StringList("aliases"),
            f.Optional("publisher"),
            f.Date("end-of-security-support"),
            os,
            capabilities);
    }

    /// <summary>The security domain an asset of a kind usually belongs to, when the description does not say.</summary>
    public static SecurityDomain DefaultDomain(AssetKind kind) => kind switch
    {
        AssetKind.Application => SecurityDomain.Application,
        AssetKind.CloudService => SecurityDomain.CloudInfrastructure,
        AssetKind.Server => SecurityDomain.Platform,
        _ => SecurityDomain.Edge,
    };

    private static DeclaredControl ReadControl(NodeReader reader, NodeReader.Fields f)
    {
        var id = f.Required("control");
        var scope = f.Optional("scope");
        var targets = f.StringList("targets");
        var all = false;
        if (scope is not null)
        {
            if (string.Equals(scope, "all", StringComparison.Ordinal))
            {
                all = true;
            }
            else
            {
                reader.Error(f.Get("scope")!, NodeReader.Join(f.Path, "scope"), $"expected 'all' (or list the covered items under 'targets'), got '{YScalar.Truncate(scope)}'");
            }
        }

        if (all && targets.Count > 0)
        {
            reader.Error(f.Get("targets")!, NodeReader.Join(f.Path, "targets"), "give either 'scope: all' or 'targets', not both");
        }
        else if (!all && targets.Count == 0 && scope is null)
        {
            reader.Error(f.Node, f.Path, "missing required field 'scope' or 'targets' (what the control covers)");
        }

        var evidence = f.Required("evidence");
        if (f.Get("evidence") is not null && string.IsNullOrWhiteSpace(evidence))
        {
            reader.Error(f.Get("evidence")!, NodeReader.Join(f.Path, "evidence"), "a declared control needs evidence");
        }

        return new DeclaredControl(id, all, targets, evidence, f.Optional("link"));
    }

    private static List<T> List<T>(NodeReader reader, NodeReader.Fields parent, string key, IReadOnlyList<string> allowed, Func<NodeReader.Fields, T> read)
    {
        var path = NodeReader.Join(parent.Path, key);
        var items = reader.Sequence(parent.Get(key), path);
        var result = new List<T>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var fields = reader.Mapping(items[i], NodeReader.Index(path, i), allowed);
            if (fields is not null)
            {
                result.Add(read(fields));
            }
        }

        return result;
    }

    /// <summary>Finds the position of a field path such as <c>flows[2].to</c> or <c>boundaries[0].zones[1]</c>.</summary>
    internal static DescriptionError Locate(string file, YNode root, string path, string message)
    {
        YNode node = root;
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                i++;
                continue;
            }

            if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || node is not YSequence sequence
                    || !int.TryParse(path.AsSpan(i + 1, end - i - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
                    || index >= sequence.Items.Count)
                {
                    break;
                }

                node = sequence.Items[index];
                i = end + 1;
                continue;
            }

            var stop = path.IndexOfAny(['.', '['], i);
            var key = stop < 0 ? path[i..] : path[i..stop];
            if (node is not YMapping mapping || mapping.Get(key) is not { } child)
            {
                break;
            }

            node = child;
            i = stop < 0 ? path.Length : stop;
        }

        return new DescriptionError(file, node.Line, node.Column, path, message);
    }
}
