using System.Runtime.CompilerServices;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 i) Network access points (addresses, ports) disclosed to other participants.</summary>
internal sealed class AccessPointDisclosureRule : IThreatRule
{
    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("i"),
        "Network access points disclosed to another participant",
        [Ids.Characteristic("n")],
        [Ids.Control("8.2.4.c"), Ids.Control("8.2.3.p3")],
        "A flow links assets owned by different participants.");

    // A plain loop into a list, fully optimised on first call: it runs once per assessment over every asset or flow,
    // and as a lazily tiered iterator it spent most of a cold run in unoptimised code (docs/benchmarks-assessment.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        var findings = new List<Finding>();
        foreach (var ends in context.ResolvedFlows)
        {
            var flow = ends.Flow;
            if (ends.From is not { } from || ends.To is not { } to
                || string.Equals(from.Owner, to.Owner, StringComparison.Ordinal))
            {
                continue;
            }

            var plant = ends.FromZone?.Kind is ZoneKind.Field or ZoneKind.Production
                || ends.ToZone?.Kind is ZoneKind.Field or ZoneKind.Production;
            findings.Add(context.Finding(
                Metadata,
                TargetRef.Flow(flow.Id),
                from,
                flow.Encrypted ? 3 : 4,
                plant ? 3 : 2,
                (flow, from, to, plant),
                static s => $"Flow {s.flow.Id} shows {s.from.Owner}'s and {s.to.Owner}'s network access points to each other",
                static s => $"Different participants exchange data (6.1 n){(s.plant ? ", one end in a plant network" : "")}; encrypted {(s.flow.Encrypted ? "yes" : "no")}.",
                null,
                to));
        }

        return findings;
    }
}
