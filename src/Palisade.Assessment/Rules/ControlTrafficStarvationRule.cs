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

    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        var traffic = new Dictionary<string, (bool Control, FlowVolume Bulk)>(StringComparer.Ordinal);
        foreach (var ends in context.ResolvedFlows)
        {
            var flow = ends.Flow;
            if (ends.From is { } from && ends.To is { } to)
            {
                Note(traffic, from.Zone, flow);
                if (!string.Equals(from.Zone, to.Zone, StringComparison.Ordinal))
                {
                    Note(traffic, to.Zone, flow);
                }
            }
        }

        foreach (var zone in context.Description.Zones)
        {
            if (!traffic.TryGetValue(zone.Id, out var seen) || !seen.Control || seen.Bulk == FlowVolume.Low)
            {
                continue;
            }

            var likelihood = (seen.Bulk == FlowVolume.High ? 4 : 3) - (zone.TrafficPrioritisation ? 2 : 0);
            yield return context.Finding(
                Metadata,
                TargetRef.Zone(zone.Id),
                null,
                likelihood,
                5,
                $"Control traffic in zone {zone.Name ?? zone.Id} shares the network with bulk data",
                $"Control and {KebabNames.Of(seen.Bulk)}-volume non-control flows in one zone (6.1 o); traffic prioritisation {(zone.TrafficPrioritisation ? "stated" : "not stated")}.");
        }
    }

    private static void Note(Dictionary<string, (bool Control, FlowVolume Bulk)> traffic, string zone, DataFlow flow)
    {
        traffic.TryGetValue(zone, out var seen);
        if (flow.Class == DataClass.Control)
        {
            seen.Control = true;
        }
        else if (flow.Volume > seen.Bulk)
        {
            seen.Bulk = flow.Volume;
        }

        traffic[zone] = seen;
    }
}
