using System.Runtime.CompilerServices;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 j) 1) Bulk traffic starves control traffic sharing the same network.</summary>
internal sealed class ControlTrafficStarvationRule : IThreatRule
{
    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("j.1"),
        "Bulk traffic delays control traffic",
        [Ids.Characteristic("o")],
        [Ids.Control("8.2.3.p2")],
        "A zone carries control flows and bulk (medium or high volume) non-control flows; traffic prioritisation lowers the likelihood.");

    // A plain loop into a list, fully optimised on first call: it runs once per assessment over every asset or flow,
    // and as a lazily tiered iterator it spent most of a cold run in unoptimised code (docs/benchmarks-assessment.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        var findings = new List<Finding>();
        // Per zone, by its position in the description (flows carry their ends' zone positions): no hashing per flow.
        var zones = context.Description.Zones;
        var traffic = new (bool Control, FlowVolume Bulk)[zones.Count];
        foreach (var ends in context.ResolvedFlows)
        {
            var flow = ends.Flow;
            if (ends.From is { } from && ends.To is { } to)
            {
                Note(traffic, ends.FromZoneIndex, flow);
                if (!string.Equals(from.Zone, to.Zone, StringComparison.Ordinal))
                {
                    Note(traffic, ends.ToZoneIndex, flow);
                }
            }
        }

        for (var z = 0; z < zones.Count; z++)
        {
            var zone = zones[z];
            var seen = traffic[z];
            if (!seen.Control || seen.Bulk == FlowVolume.Low)
            {
                continue;
            }

            var likelihood = (seen.Bulk == FlowVolume.High ? 4 : 3) - (zone.TrafficPrioritisation ? 2 : 0);
            findings.Add(context.Finding(
                Metadata,
                TargetRef.Zone(zone.Id),
                null,
                likelihood,
                5,
                $"Control traffic in zone {zone.Name ?? zone.Id} shares the network with bulk data",
                $"Control and {KebabNames.Of(seen.Bulk)}-volume non-control flows in one zone (6.1 o); traffic prioritisation {(zone.TrafficPrioritisation ? "stated" : "not stated")}."));
        }

        return findings;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Note((bool Control, FlowVolume Bulk)[] traffic, int zone, DataFlow flow)
    {
        if (zone < 0)
        {
            return; // an unknown zone: nothing is reported for it
        }

        ref var seen = ref traffic[zone];
        if (flow.Class == DataClass.Control)
        {
            seen.Control = true;
        }
        else if (flow.Volume > seen.Bulk)
        {
            seen.Bulk = flow.Volume;
        }
    }
}
