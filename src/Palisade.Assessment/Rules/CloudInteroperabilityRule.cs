using System.Runtime.CompilerServices;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 m) Cloud-to-cloud exchange through vendor-specific interfaces handled insecurely.</summary>
internal sealed class CloudInteroperabilityRule : IThreatRule
{
    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("m"),
        "Insecure cloud-to-cloud interface",
        [Ids.Characteristic("v")],
        [Ids.Control("8.2.4.d"), Ids.Control("8.2.5.d"), Ids.Control("8.2.3.p3")],
        "A flow links two cloud-side assets of different participants or different cloud zones.");

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
                || !ends.FromCloud || !ends.ToCloud
                || (string.Equals(from.Owner, to.Owner, StringComparison.Ordinal) && string.Equals(from.Zone, to.Zone, StringComparison.Ordinal)))
            {
                continue;
            }

            findings.Add(context.Finding(
                Metadata,
                TargetRef.Flow(flow.Id),
                from,
                flow.Authenticated && flow.IntegrityProtected ? 2 : 4,
                Ids.IsConfidential(flow.Class) || flow.Class == DataClass.Control ? 4 : 3,
                (flow, from, to),
                static s => $"Cloud-to-cloud flow {s.flow.Id} from {AssessmentContext.NameOf(s.from)} to {AssessmentContext.NameOf(s.to)}",
                static s => $"Two clouds exchange data over {s.flow.Protocol} (6.1 v); authenticated {(s.flow.Authenticated ? "yes" : "no")}, integrity-protected {(s.flow.IntegrityProtected ? "yes" : "no")}.",
                null,
                to));
        }

        return findings;
    }
}
