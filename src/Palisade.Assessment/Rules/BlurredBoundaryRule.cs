using System.Runtime.CompilerServices;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 h) 2) Production networks blurred into office, internet or platform networks without an enforced boundary.</summary>
internal sealed class BlurredBoundaryRule : IThreatRule
{
    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("h.2"),
        "Production network without a clear boundary",
        [Ids.Characteristic("m")],
        [Ids.Control("8.2.4.d"), Ids.Control("8.2.4.c")],
        "A field or production zone exchanges data with an office, internet or cloud zone, or borders one, with no enforced boundary between them.");

    // A plain loop into a list, fully optimised on first call: it runs once per assessment over every asset or flow,
    // and as a lazily tiered iterator it spent most of a cold run in unoptimised code (docs/benchmarks-assessment.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        var findings = new List<Finding>();
        var enforced = new HashSet<(string, string)>();
        var exposed = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var boundary in context.Description.Boundaries)
        {
            if (boundary.Zones.Count != 2)
            {
                continue;
            }

            if (boundary.Enforced)
            {
                enforced.Add(Pair(boundary.Zones[0], boundary.Zones[1]));
            }
            else
            {
                Mark(context, exposed, boundary.Zones[0], boundary.Zones[1]);
            }
        }

        // Marking is symmetric and idempotent, so each unordered pair of known zones is looked at once, however many
        // flows link it (a flow with an unknown zone at either end marks nothing).
        var zoneCount = context.Description.Zones.Count;
        var seenPairs = new HashSet<long>();
        foreach (var ends in context.ResolvedFlows)
        {
            if (ends.From is not { } from || ends.To is not { } to || ends.FromZoneIndex < 0 || ends.ToZoneIndex < 0
                || ends.FromZoneIndex == ends.ToZoneIndex)
            {
                continue;
            }

            var low = Math.Min(ends.FromZoneIndex, ends.ToZoneIndex);
            var high = Math.Max(ends.FromZoneIndex, ends.ToZoneIndex);
            if (seenPairs.Add(((long)low * zoneCount) + high) && !enforced.Contains(Pair(from.Zone, to.Zone)))
            {
                Mark(context, exposed, from.Zone, to.Zone);
            }
        }

        foreach (var zone in context.Description.Zones)
        {
            if (!exposed.TryGetValue(zone.Id, out var others))
            {
                continue;
            }

            var toOfficeOrInternet = others.Any(o => context.Zone(o)?.Kind is ZoneKind.Office or ZoneKind.Internet);
            findings.Add(context.Finding(
                Metadata,
                TargetRef.Zone(zone.Id),
                null,
                toOfficeOrInternet ? 4 : 3,
                4,
                $"{KebabNames.Of(zone.Kind)} zone {zone.Name ?? zone.Id} has no enforced boundary to {string.Join(", ", others)}",
                $"Data or a paper boundary links it with {string.Join(", ", others)} and no enforced boundary separates them (6.1 m)."));
        }

        return findings;
    }

    private static (string, string) Pair(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Mark(AssessmentContext context, Dictionary<string, SortedSet<string>> exposed, string a, string b)
    {
        var za = context.Zone(a);
        var zb = context.Zone(b);
        if (za is null || zb is null)
        {
            return;
        }

        if (IsPlant(za) && IsOutside(zb))
        {
            Add(exposed, a, b);
        }

        if (IsPlant(zb) && IsOutside(za))
        {
            Add(exposed, b, a);
        }
    }

    private static bool IsPlant(Zone zone) => zone.Kind is ZoneKind.Field or ZoneKind.Production;

    private static bool IsOutside(Zone zone) => zone.Kind is ZoneKind.Office or ZoneKind.Internet or ZoneKind.Cloud;

    private static void Add(Dictionary<string, SortedSet<string>> exposed, string zone, string other)
    {
        if (!exposed.TryGetValue(zone, out var set))
        {
            set = new SortedSet<string>(StringComparer.Ordinal);
            exposed.Add(zone, set);
        }

        set.Add(other);
    }
}
