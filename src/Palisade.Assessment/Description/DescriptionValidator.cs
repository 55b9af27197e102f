using System.Runtime.CompilerServices;
using Palisade.Assessment.Catalogue;

namespace Palisade.Assessment.Description;

/// <summary>
/// Checks the references inside a description (flow ends, asset zones, scenario roles, control targets) and
/// against the catalogue (scenario, control and threat ids). Works on the records, so it serves both loaded
/// files (the loader adds positions) and descriptions built in memory.
/// </summary>
internal static class DescriptionValidator
{
    private const int MaxProblems = 100;

    /// <summary>
    /// Descriptions the loader has already checked, with the catalogue they were checked against. Keyed by instance
    /// (a <c>with</c> copy is a new instance and is checked again); weak, so it keeps nothing alive.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IipDescription, ICatalogueView> Checked = [];

    /// <summary>Records that <paramref name="d"/> passed <see cref="Validate"/> against <paramref name="catalogue"/>.</summary>
    public static void MarkValid(IipDescription d, ICatalogueView catalogue) => Checked.AddOrUpdate(d, catalogue);

    /// <summary>Whether this very instance already passed against this catalogue, so the engine need not check it again (~0.15-0.25 s at 100k assets).</summary>
    public static bool IsKnownValid(IipDescription d, ICatalogueView catalogue) =>
        Checked.TryGetValue(d, out var checkedAgainst) && ReferenceEquals(checkedAgainst, catalogue);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<(string Path, string Message)> Validate(IipDescription d, ICatalogueView catalogue)
    {
        var problems = new List<(string Path, string Message)>();

        void Add(string path, string message)
        {
            if (problems.Count < MaxProblems)
            {
                problems.Add((path, message));
            }
        }

        var participants = Index(d.Participants, p => p.Id, "participants", "participant", Add);
        var sites = Index(d.Sites, s => s.Id, "sites", "site", Add);
        var zones = Index(d.Zones, z => z.Id, "zones", "zone", Add);
        var boundaries = Index(d.Boundaries, b => b.Id, "boundaries", "boundary", Add);
        var assets = Index(d.Assets, a => a.Id, "assets", "asset", Add);
        var flows = Index(d.Flows, f => f.Id, "flows", "flow", Add);

        for (var i = 0; i < d.Sites.Count; i++)
        {
            if (Broken(participants, d.Sites[i].Participant))
            {
                Add($"sites[{i}].participant", $"unknown participant '{d.Sites[i].Participant}'");
            }
        }

        for (var i = 0; i < d.Zones.Count; i++)
        {
            if (d.Zones[i].Site is { } site)
            {
                if (Broken(sites, site))
                {
                    Add($"zones[{i}].site", $"unknown site '{site}'");
                }
            }
        }

        for (var i = 0; i < d.Boundaries.Count; i++)
        {
            var b = d.Boundaries[i];
            if (b.Zones.Count != 2 || string.Equals(b.Zones[0], b.Zones[1], StringComparison.Ordinal))
            {
                Add($"boundaries[{i}].zones", "a boundary separates exactly two different zones");
            }

            for (var z = 0; z < b.Zones.Count; z++)
            {
                if (Broken(zones, b.Zones[z]))
                {
                    Add($"boundaries[{i}].zones[{z}]", $"unknown zone '{b.Zones[z]}'");
                }
            }

            if (b.EnforcedBy is { } device)
            {
                if (Broken(assets, device))
                {
                    Add($"boundaries[{i}].enforced-by", $"unknown asset '{device}'");
                }
            }
        }

        for (var i = 0; i < d.Assets.Count; i++)
        {
            if (Broken(participants, d.Assets[i].Owner))
            {
                Add($"assets[{i}].owner", $"unknown participant '{d.Assets[i].Owner}'");
            }

            if (Broken(zones, d.Assets[i].Zone))
            {
                Add($"assets[{i}].zone", $"unknown zone '{d.Assets[i].Zone}'");
            }
        }

        for (var i = 0; i < d.Flows.Count; i++)
        {
            var f = d.Flows[i];
            if (Broken(assets, f.From))
            {
                Add($"flows[{i}].from", $"unknown asset '{f.From}'");
            }

            if (Broken(assets, f.To))
            {
                Add($"flows[{i}].to", $"unknown asset '{f.To}'");
            }

            if (string.Equals(f.From, f.To, StringComparison.Ordinal))
            {
                Add($"flows[{i}].to", "a flow goes from one asset to a different one");
            }
        }

        var seenScenarios = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < d.Scenarios.Count; i++)
        {
            var s = d.Scenarios[i];
            if (!catalogue.HasScenario(s.Id))
            {
                Add($"scenarios[{i}].id", $"unknown business scenario '{s.Id}' (the scenarios of 7.4 are scenario.7.4.2 to scenario.7.4.5)");
            }
            else if (!seenScenarios.Add(s.Id))
            {
                Add($"scenarios[{i}].id", $"scenario '{s.Id}' is listed twice");
            }

            for (var r = 0; r < s.Roles.Count; r++)
            {
                if (Broken(participants, s.Roles[r].Participant))
                {
                    Add($"scenarios[{i}].roles[{r}].participant", $"unknown participant '{s.Roles[r].Participant}'");
                }

                if (!catalogue.IsKnownRole(s.Roles[r].Role))
                {
                    Add($"scenarios[{i}].roles[{r}].role", $"unknown role '{s.Roles[r].Role}'");
                }
            }
        }

        for (var i = 0; i < d.Controls.Count; i++)
        {
            var c = d.Controls[i];
            if (!catalogue.HasControl(c.ControlId))
            {
                Add($"controls[{i}].control", $"unknown control '{c.ControlId}' (use a catalogue id such as control.8.2.4.e)");
            }

            for (var t = 0; t < c.Targets.Count; t++)
            {
                var target = c.Targets[t];
                var colon = target.IndexOf(':', StringComparison.Ordinal);
                var kind = colon < 0 ? string.Empty : target[..colon];
                var id = colon < 0 ? string.Empty : target[(colon + 1)..];
                var known = kind switch
                {
                    "asset" => assets,
                    "flow" => flows,
                    "zone" => zones,
                    "site" => sites,
                    "participant" => participants,
                    "boundary" => boundaries,
                    _ => null,
                };
                if (known is null)
                {
                    Add($"controls[{i}].targets[{t}]", $"expected kind:id with kind asset, flow, zone, site, participant or boundary, got '{target}'");
                }
                else if (!known.Contains(id))
                {
                    Add($"controls[{i}].targets[{t}]", $"unknown {kind} '{id}'");
                }
            }
        }

        for (var i = 0; i < d.RiskTracking.Count; i++)
        {
            var t = d.RiskTracking[i];
            var at = t.Match.IndexOf('@', StringComparison.Ordinal);
            if (at <= 0 || at == t.Match.Length - 1)
            {
                Add($"risk-tracking[{i}].match", $"expected a finding id or pattern like threat.6.2.g.*@asset:*, got '{t.Match}'");
            }
            else if (!t.Match.AsSpan(0, at).Contains('*') && !catalogue.HasThreat(t.Match[..at]))
            {
                Add($"risk-tracking[{i}].match", $"unknown threat '{t.Match[..at]}'");
            }

            if (t.Status != TrackingStatus.Open && string.IsNullOrWhiteSpace(t.Justification))
            {
                Add($"risk-tracking[{i}]", $"status '{KebabNames.Of(t.Status)}' needs a justification");
            }
        }

        return problems;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static HashSet<string> Index<T>(IReadOnlyList<T> items, Func<T, string> id, string section, string noun, Action<string, string> add)
    {
        var seen = new Dictionary<string, int>(items.Count, StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var key = id(items[i]);
            if (key.Length == 0)
            {
                continue;
            }

            if (!seen.TryAdd(key, i))
            {
                add($"{section}[{i}].id", $"duplicate {noun} id '{key}' (first used at {section}[{seen[key]}])");
            }
        }

        return [.. seen.Keys];
    }

    // Checked before any message is built: descriptions have hundreds of thousands of references.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Broken(HashSet<string> known, string id) => id.Length > 0 && !known.Contains(id);
}
