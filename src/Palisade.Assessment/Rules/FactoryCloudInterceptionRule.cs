using System.Runtime.CompilerServices;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 f) 2) Data exchanged between factory and cloud intercepted, copied or altered.</summary>
internal sealed class FactoryCloudInterceptionRule : IThreatRule
{
    private static readonly string[] Base = [Ids.Control("8.2.5.a"), Ids.Control("8.2.5.d"), Ids.Control("8.2.4.f")];
    private static readonly string[] WithEncryption = [.. Base, Ids.Control("8.2.5.e")];

    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("f.2"),
        "Factory–cloud data intercepted or altered",
        [Ids.Characteristic("h")],
        WithEncryption,
        "A flow links an asset on the cloud side with one outside it; encryption is required only for confidential data.");

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
                || ends.FromCloud == ends.ToCloud)
            {
                continue;
            }

            var missing = (flow.Encrypted ? 0 : 1) + (flow.IntegrityProtected ? 0 : 1) + (flow.Authenticated ? 0 : 1);
            var confidential = Ids.IsConfidential(flow.Class);
            findings.Add(context.Finding(
                Metadata,
                TargetRef.Flow(flow.Id),
                from,
                1 + missing + (missing > 0 ? 1 : 0),
                Ids.ImpactOf(flow.Class),
                (flow, from, to),
                static s => $"Flow {s.flow.Id} between {AssessmentContext.NameOf(s.from)} and {AssessmentContext.NameOf(s.to)} can be intercepted or altered",
                static s => $"Crosses between factory and cloud (6.1 h); {KebabNames.Of(s.flow.Class)} data over {s.flow.Protocol}; encrypted {Yes(s.flow.Encrypted)}, integrity-protected {Yes(s.flow.IntegrityProtected)}, authenticated {Yes(s.flow.Authenticated)}.",
                confidential ? WithEncryption : Base,
                to));
        }

        return findings;
    }

    private static string Yes(bool value) => value ? "yes" : "no";
}
