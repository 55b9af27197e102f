using System.Globalization;
using System.Text.RegularExpressions;
using Palisade.Model.Items;

namespace Palisade.Model.Loading;

/// <summary>
/// Turns the on-disk document into validated catalogue items. Collects every problem rather than stopping at
/// the first, so one run of the tests (or one start) shows all of them.
/// </summary>
internal sealed partial class CatalogueBuilder
{
    private readonly List<string> _errors = [];
    private readonly Dictionary<string, string> _kindOfId = new(StringComparer.Ordinal);

    [GeneratedRegex(@"^[a-z]+(\.[A-Za-z0-9-]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^6\.1 ([a-z])\)$", RegexOptions.CultureInvariant)]
    private static partial Regex CharacteristicRefPattern();

    [GeneratedRegex(@"^6\.2 ([a-z])\)$", RegexOptions.CultureInvariant)]
    private static partial Regex ThreatRefPattern();

    internal IReadOnlyList<string> Errors => _errors;

    internal CatalogueContent? Build(CatalogueDocument? doc)
    {
        if (doc is null)
        {
            _errors.Add("the document is empty (JSON null)");
            return null;
        }

        var version = Required(doc.Version, "version");
        var standard = Required(doc.Standard, "standard");

        // Pass 1: register every id with its kind, so that pass 2 can resolve links in any order.
        Register(doc.Characteristics, "characteristics", "characteristic");
        Register(doc.Threats, "threats", "threat");
        Register(doc.Domains, "domains", "domain");
        Register(doc.Roles, "roles", "role");
        Register(doc.Stages, "stages", "stage");
        Register(doc.Scenarios, "scenarios", "scenario");
        Register(doc.Objectives, "objectives", "objective");
        Register(doc.ControlGroups, "controlGroups", "controlgroup");
        Register(doc.Controls, "controls", "control");
        Register(doc.Notes, "notes", "note");
        foreach (var s in doc.Scenarios ?? [])
        {
            if (s?.Id is null)
            {
                continue;
            }

            foreach (var t in s.Threats ?? [])
            {
                if (t?.Tn is { Length: > 0 } tn)
                {
                    RegisterId(s.Id + "." + tn, "scenariothreat", $"scenario {s.Id} threat {tn}");
                }
            }
        }

        var characteristics = new List<Characteristic>();
        foreach (var c in doc.Characteristics ?? [])
        {
            if (Item(c, "characteristic") is { } item)
            {
                var (id, clause, title, desc) = item;
                characteristics.Add(new Characteristic(id, clause, title, desc));
            }
        }

        var domains = new List<SecurityDomain>();
        foreach (var d in doc.Domains ?? [])
        {
            if (Item(d, "domain") is { } item)
            {
                var (id, clause, title, desc) = item;
                domains.Add(new SecurityDomain(id, clause, title, desc, Required(d!.CodeArea, $"{id}.codeArea")));
            }
        }

        var threats = BuildThreats(doc.Threats ?? []);
        var roles = BuildRoles(doc.Roles ?? []);
        var stages = BuildStages(doc.Stages ?? []);
        var scenarios = BuildScenarios(doc.Scenarios ?? []);
        var objectives = BuildObjectives(doc.Objectives ?? []);
        var (groups, controls) = BuildControls(doc.ControlGroups ?? [], doc.Controls ?? []);

        var notes = new List<CatalogueNote>();
        foreach (var n in doc.Notes ?? [])
        {
            if (Item(n, "note") is { } item)
            {
                var (id, clause, title, desc) = item;
                notes.Add(new CatalogueNote(id, clause, title, desc, Links(n!.Related, $"{id}.related", null)));
            }
        }

        return _errors.Count > 0
            ? null
            : new CatalogueContent(version, standard, characteristics, threats, domains, roles, stages, scenarios,
                objectives, groups, controls, notes);
    }

    private List<Threat> BuildThreats(List<ThreatDto> dtos)
    {
        var childrenOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var t in dtos)
        {
            if (t?.Id is not null && t.Parent is not null)
            {
                if (!childrenOf.TryGetValue(t.Parent, out var list))
                {
                    childrenOf[t.Parent] = list = [];
                }

                list.Add(t.Id);
            }
        }

        var resolvedByThreat = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var pending = new List<(ThreatDto Dto, string Id, string Clause, string Title, string Desc, CharacteristicReference? Ref, IReadOnlyList<Mapping> Domains)>();
        foreach (var t in dtos)
        {
            if (Item(t, "threat") is not { } item)
            {
                continue;
            }

            var (id, clause, title, desc) = item;

            if (t!.Parent is not null)
            {
                if (!IsKind(t.Parent, "threat"))
                {
                    _errors.Add($"{id}: parent '{t.Parent}' is not a threat in the catalogue");
                }
                else if (dtos.Any(p => string.Equals(p?.Id, t.Parent, StringComparison.Ordinal) && p!.Parent is not null))
                {
                    _errors.Add($"{id}: parent '{t.Parent}' is itself a sub-item; only one level of sub-items exists in 6.2");
                }
            }

            var hasChildren = childrenOf.ContainsKey(id);
            CharacteristicReference? reference = null;
            if (hasChildren)
            {
                if (t.CharacteristicRef is not null)
                {
                    _errors.Add($"{id}: a threat with sub-items carries no characteristic reference of its own (its sub-items do)");
                }
            }
            else if (t.CharacteristicRef is null)
            {
                _errors.Add($"{id}: characteristicRef is missing");
            }
            else
            {
                reference = CharacteristicRef(id, t.CharacteristicRef);
                if (reference is not null)
                {
                    resolvedByThreat[id] = reference.ResolvedIds;
                }
            }

            var domains = Mappings(t.Domains, $"{id}.domains", "domain", required: true);
            pending.Add((t, id, clause, title, desc, reference, domains));
        }

        var result = new List<Threat>(pending.Count);
        foreach (var (dto, id, clause, title, desc, reference, domains) in pending)
        {
            var children = childrenOf.TryGetValue(id, out var c) ? c : [];
            IReadOnlyList<string> characteristicIds = reference?.ResolvedIds
                ?? children.SelectMany(ch => resolvedByThreat.TryGetValue(ch, out var r) ? r : []).Distinct(StringComparer.Ordinal).ToArray();
            result.Add(new Threat(id, clause, title, desc, dto.Parent, children, reference, characteristicIds, domains));
        }

        return result;
    }

    private CharacteristicReference? CharacteristicRef(string owner, CharacteristicRefDto dto)
    {
        var published = Required(dto.Published, $"{owner}.characteristicRef.published");
        var match = CharacteristicRefPattern().Match(published);
        if (!match.Success)
        {
            _errors.Add($"{owner}.characteristicRef.published: '{published}' is not of the form '6.1 x)'");
            return null;
        }

        var publishedId = "characteristic.6.1." + match.Groups[1].Value;
        if (!IsKind(publishedId, "characteristic"))
        {
            publishedId = null;
        }

        var resolved = Links(dto.Resolved, $"{owner}.characteristicRef.resolved", "characteristic");
        if (resolved.Length == 0)
        {
            _errors.Add($"{owner}.characteristicRef.resolved: at least one characteristic is required");
        }

        var status = resolved.Length == 1 && string.Equals(resolved[0], publishedId, StringComparison.Ordinal)
            ? ReferenceStatus.Match
            : ReferenceStatus.Corrected;
        var reason = string.IsNullOrWhiteSpace(dto.Reason) ? null : dto.Reason;
        if (status == ReferenceStatus.Corrected && reason is null)
        {
            _errors.Add($"{owner}.characteristicRef: published '{published}' differs from the resolved [{string.Join(", ", resolved)}] but no reason is given");
        }

        return new CharacteristicReference(published, publishedId, resolved, status, reason);
    }

    private ThreatReference? ThreatRef(string owner, ThreatRefDto? dto)
    {
        if (dto is null)
        {
            _errors.Add($"{owner}: null entry");
            return null;
        }

        var label = Required(dto.Label, $"{owner}.label");
        var published = Required(dto.Published, $"{owner}.published");
        var threat = Required(dto.Threat, $"{owner}.threat");
        var match = ThreatRefPattern().Match(published);
        if (!match.Success)
        {
            _errors.Add($"{owner}.published: '{published}' is not of the form '6.2 x)'");
            return null;
        }

        if (!IsKind(threat, "threat"))
        {
            _errors.Add($"{owner}.threat: '{threat}' is not a threat in the catalogue");
        }

        var publishedId = "threat.6.2." + match.Groups[1].Value;
        if (!IsKind(publishedId, "threat"))
        {
            publishedId = null;
        }

        var status = string.Equals(publishedId, threat, StringComparison.Ordinal) ? ReferenceStatus.Match : ReferenceStatus.Corrected;
        var reason = string.IsNullOrWhiteSpace(dto.Reason) ? null : dto.Reason;
        if (status == ReferenceStatus.Corrected && reason is null)
        {
            _errors.Add($"{owner}: published '{published}' differs from the resolved '{threat}' but no reason is given");
        }

        return new ThreatReference(label, published, publishedId, threat, status, reason);
    }

    private List<Role> BuildRoles(List<RoleDto> dtos)
    {
        var result = new List<Role>();
        foreach (var r in dtos)
        {
            if (Item(r, "role") is not { } item)
            {
                continue;
            }

            var (id, clause, title, desc) = item;

            var clauses = r!.Clauses is { Count: > 0 } ? r.Clauses.ToArray() : [clause];
            var relations = new List<RoleRelation>();
            foreach (var rel in r.Relations ?? [])
            {
                if (rel is null)
                {
                    _errors.Add($"{id}.relations: null entry");
                    continue;
                }

                var verb = Required(rel.Verb, $"{id}.relations.verb");
                var other = Required(rel.Role, $"{id}.relations.role");
                if (!IsKind(other, "role"))
                {
                    _errors.Add($"{id}.relations: '{other}' is not a role in the catalogue");
                }

                relations.Add(new RoleRelation(verb, other, Required(rel.Clause, $"{id}.relations.clause")));
            }

            result.Add(new Role(id, clause, title, desc, clauses, relations));
        }

        return result;
    }

    private List<LifecycleStage> BuildStages(List<StageDto> dtos)
    {
        var result = new List<LifecycleStage>();
        foreach (var s in dtos)
        {
            if (Item(s, "stage") is not { } item)
            {
                continue;
            }

            var (id, clause, title, desc) = item;

            var refs = new List<ThreatReference>();
            var i = 0;
            foreach (var t in s!.Threats ?? [])
            {
                i++;
                if (ThreatRef($"{id}.threats[{i.ToString(CultureInfo.InvariantCulture)}]", t) is { } r)
                {
                    refs.Add(r);
                }
            }

            if (refs.Count == 0)
            {
                _errors.Add($"{id}: a life-cycle stage lists at least one threat");
            }

            result.Add(new LifecycleStage(id, clause, title, desc, s.SystemStages?.ToArray() ?? [],
                Links(s.Roles, $"{id}.roles", "role"), refs));
        }

        return result;
    }

    private List<Scenario> BuildScenarios(List<ScenarioDto> dtos)
    {
        var result = new List<Scenario>();
        foreach (var s in dtos)
        {
            if (Item(s, "scenario") is not { } item)
            {
                continue;
            }

            var (id, clause, title, desc) = item;

            var threats = new List<ScenarioThreat>();
            var n = 0;
            foreach (var t in s!.Threats ?? [])
            {
                n++;
                var expected = "T" + n.ToString(CultureInfo.InvariantCulture);
                if (t is not null && !string.Equals(t.Tn, expected, StringComparison.Ordinal))
                {
                    _errors.Add($"{id}.threats[{n.ToString(CultureInfo.InvariantCulture)}]: tn '{t.Tn}' should be '{expected}' (T1…Tn in order)");
                }

                if (ThreatRef($"{id}.{expected}", t) is { } r)
                {
                    var tid = id + "." + expected;
                    threats.Add(new ScenarioThreat(tid, clause + " " + expected, expected + ": " + r.Label, r.Label, id, expected, r));
                }
            }

            if (threats.Count == 0)
            {
                _errors.Add($"{id}: a business scenario lists at least one threat");
            }

            result.Add(new Scenario(id, clause, title, desc, Links(s.Roles, $"{id}.roles", "role"), threats));
        }

        return result;
    }

    private List<Objective> BuildObjectives(List<ObjectiveDto> dtos)
    {
        var result = new List<Objective>();
        foreach (var o in dtos)
        {
            if (Item(o, "objective") is not { } item)
            {
                continue;
            }

            var (id, clause, title, desc) = item;

            Basis(o!.MappingBasis, id);
            var coverage = CoverageOf(o.Coverage, id);
            result.Add(new Objective(id, clause, title, desc, Mappings(o.Counters, $"{id}.counters", "threat", required: true), coverage));
        }

        return result;
    }

    private (List<ControlGroup> Groups, List<Control> Controls) BuildControls(List<ControlGroupDto> groupDtos, List<ControlDto> dtos)
    {
        var controls = new List<Control>();
        var byGroup = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var c in dtos)
        {
            if (Item(c, "control") is not { } item)
            {
                continue;
            }

            var (id, clause, title, desc) = item;

            var group = Required(c!.Group, $"{id}.group");
            if (!IsKind(group, "controlgroup"))
            {
                _errors.Add($"{id}.group: '{group}' is not a control group in the catalogue");
            }
            else if (groupDtos.Any(g => string.Equals(g?.Id, group, StringComparison.Ordinal) && g!.TextAbsent))
            {
                _errors.Add($"{id}.group: '{group}' has no text in our copy, so it cannot hold controls");
            }

            if (!byGroup.TryGetValue(group, out var list))
            {
                byGroup[group] = list = [];
            }

            list.Add(id);
            ControlForm form;
            switch (c.Form)
            {
                case "lettered":
                    form = ControlForm.Lettered;
                    break;
                case "paragraph":
                    form = ControlForm.Paragraph;
                    break;
                default:
                    _errors.Add($"{id}.form: '{c.Form}' must be 'lettered' or 'paragraph'");
                    form = ControlForm.Lettered;
                    break;
            }

            Basis(c.MappingBasis, id);
            controls.Add(new Control(id, clause, title, desc, group, form,
                Mappings(c.Counters, $"{id}.counters", "threat", required: true),
                Mappings(c.Serves, $"{id}.serves", "objective", required: true),
                CoverageOf(c.Coverage, id)));
        }

        var groups = new List<ControlGroup>();
        foreach (var g in groupDtos)
        {
            if (Item(g, "controlgroup") is not { } item)
            {
                continue;
            }

            var (id, clause, title, desc) = item;

            if (g!.Parent is not null && !IsKind(g.Parent, "controlgroup"))
            {
                _errors.Add($"{id}.parent: '{g.Parent}' is not a control group in the catalogue");
            }

            groups.Add(new ControlGroup(id, clause, title, desc, g.Parent, g.TextAbsent,
                byGroup.TryGetValue(id, out var ids) ? ids : []));
        }

        return (groups, controls);
    }

    private Coverage CoverageOf(CoverageDto? dto, string owner)
    {
        if (dto is null)
        {
            _errors.Add($"{owner}.coverage is missing");
            return new Coverage(CoverageKind.Assessed, null, [], string.Empty);
        }

        CoverageKind kind;
        switch (dto.Kind)
        {
            case "enforced": kind = CoverageKind.Enforced; break;
            case "planned": kind = CoverageKind.Planned; break;
            case "assessed": kind = CoverageKind.Assessed; break;
            case "organisational": kind = CoverageKind.Organisational; break;
            default:
                _errors.Add($"{owner}.coverage.kind: '{dto.Kind}' must be enforced, planned, assessed or organisational");
                kind = CoverageKind.Assessed;
                break;
        }

        var paths = dto.CodePaths?.Where(p => !string.IsNullOrWhiteSpace(p)).ToArray() ?? [];
        if (kind == CoverageKind.Enforced && paths.Length == 0)
        {
            _errors.Add($"{owner}.coverage: 'enforced' needs the code path(s) that enforce it");
        }

        if (kind == CoverageKind.Planned && dto.Issue is not > 0)
        {
            _errors.Add($"{owner}.coverage: 'planned' needs the issue number that delivers it");
        }

        return new Coverage(kind, dto.Issue, paths, Required(dto.Note, $"{owner}.coverage.note"));
    }

    private void Basis(string? basis, string owner)
    {
        if (!string.Equals(basis, Mapping.PalisadeAnalysis, StringComparison.Ordinal))
        {
            _errors.Add($"{owner}.mappingBasis: must be '{Mapping.PalisadeAnalysis}' (the standard states no such mapping), got '{basis}'");
        }
    }

    private List<Mapping> Mappings(List<MappingDto>? dtos, string path, string kind, bool required)
    {
        if (dtos is null or { Count: 0 })
        {
            if (required)
            {
                _errors.Add($"{path}: at least one {kind} link is required");
            }

            return [];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Mapping>(dtos.Count);
        foreach (var m in dtos)
        {
            if (m?.Id is null)
            {
                _errors.Add($"{path}: entry without id");
                continue;
            }

            if (!IsKind(m.Id, kind))
            {
                _errors.Add($"{path}: '{m.Id}' is not a {kind} in the catalogue");
            }

            if (!seen.Add(m.Id))
            {
                _errors.Add($"{path}: '{m.Id}' is listed twice");
            }

            result.Add(new Mapping(m.Id, Required(m.Why, $"{path}[{m.Id}].why"), Mapping.PalisadeAnalysis));
        }

        return result;
    }

    private string[] Links(List<string>? ids, string path, string? kind)
    {
        if (ids is null)
        {
            return [];
        }

        foreach (var id in ids)
        {
            if (id is null || !_kindOfId.TryGetValue(id, out var k) || (kind is not null && !string.Equals(k, kind, StringComparison.Ordinal)))
            {
                _errors.Add($"{path}: '{id}' is not a{(kind is null ? "n item" : " " + kind)} in the catalogue");
            }
        }

        return ids.Where(i => i is not null).ToArray();
    }

    private bool IsKind(string id, string kind) =>
        _kindOfId.TryGetValue(id, out var k) && string.Equals(k, kind, StringComparison.Ordinal);

    private void Register<T>(List<T>? items, string section, string kind)
        where T : ItemDto
    {
        if (items is null)
        {
            _errors.Add($"section '{section}' is missing");
            return;
        }

        var i = 0;
        foreach (var item in items)
        {
            i++;
            if (item is null)
            {
                _errors.Add($"{section}[{i.ToString(CultureInfo.InvariantCulture)}]: null entry");
                continue;
            }

            if (string.IsNullOrWhiteSpace(item.Id))
            {
                _errors.Add($"{section}[{i.ToString(CultureInfo.InvariantCulture)}]: id is missing");
                continue;
            }

            if (!item.Id.StartsWith(kind + ".", StringComparison.Ordinal))
            {
                _errors.Add($"{section}[{i.ToString(CultureInfo.InvariantCulture)}]: id '{item.Id}' must start with '{kind}.'");
            }

            RegisterId(item.Id, kind, section);
        }
    }

    private void RegisterId(string id, string kind, string where)
    {
        if (!IdPattern().IsMatch(id))
        {
            _errors.Add($"{where}: id '{id}' is not of the form kind.part.part (letters, digits, '-')");
        }

        if (!_kindOfId.TryAdd(id, kind))
        {
            _errors.Add($"{where}: id '{id}' is not unique");
        }
    }

    private (string Id, string Clause, string Title, string Description)? Item(ItemDto? dto, string kind)
    {
        if (dto?.Id is null || !IsKind(dto.Id, kind))
        {
            return null; // already reported by Register
        }

        return (dto.Id, Required(dto.Clause, $"{dto.Id}.clause"), Required(dto.Title, $"{dto.Id}.title"),
            Required(dto.Description, $"{dto.Id}.description"));
    }

    private string Required(string? value, string path)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            _errors.Add($"{path} is missing or empty");
            return string.Empty;
        }

        return value;
    }
}

/// <summary>The validated items, in data order.</summary>
internal sealed record CatalogueContent(
    string Version,
    string Standard,
    IReadOnlyList<Characteristic> Characteristics,
    IReadOnlyList<Threat> Threats,
    IReadOnlyList<SecurityDomain> Domains,
    IReadOnlyList<Role> Roles,
    IReadOnlyList<LifecycleStage> Stages,
    IReadOnlyList<Scenario> Scenarios,
    IReadOnlyList<Objective> Objectives,
    IReadOnlyList<ControlGroup> ControlGroups,
    IReadOnlyList<Control> Controls,
    IReadOnlyList<CatalogueNote> Notes);
