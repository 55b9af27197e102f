using System.Runtime.CompilerServices;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 f) 1) Data sent by resource-constrained devices intercepted or altered in transit.</summary>
internal sealed class ConstrainedTransmissionRule : IThreatRule
{
    
    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("f.1"),
        "Constrained device's data intercepted or altered in transit",
        [Ids.Characteristic("g")],
        [Ids.Control("8.2.5.a"), Ids.Control("8.2.4.d"), Ids.Control("8.2.4.f")],
        "A flow is sent by a resource-constrained asset.");

    // A plain loop into a list, fully optimised on first call: it runs once per assessment over every asset or flow,
    // and as a lazily tiered iterator it spent most of a cold run in unoptimised code (docs/benchmarks-assessment.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        var findings = new List<Finding>();
        foreach (var ends in context.ResolvedFlows)
        {
            var flow = ends.Flow;
            if (ends.From is not { Capabilities.ResourceConstrained: true } from)
            {
                continue;
            }

            var confidential = Ids.IsConfidential(flow.Class);
            var likelihood = !flow.IntegrityProtected ? 4 : confidential && !flow.Encrypted ? 3 : 2;
            findings.Add(context.Finding(
                Metadata,
                TargetRef.Flow(flow.Id),
                from,
                likelihood,
                Ids.ImpactOf(flow.Class),
                (flow, from),
                static s => $"Flow {s.flow.Id} from constrained {AssessmentContext.NameOf(s.from)} can be read or altered in transit",
                static s => $"Sender is resource-constrained (6.1 g); {KebabNames.Of(s.flow.Class)} data over {s.flow.Protocol}; integrity protection {(s.flow.IntegrityProtected ? "on" : "off")}, encryption {(s.flow.Encrypted ? "on" : "off")}.",
                null,
                ends.To));
        }

        return findings;
    }
}
