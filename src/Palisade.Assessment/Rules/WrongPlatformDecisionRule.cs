using System.Runtime.CompilerServices;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 o) A wrong decision of the platform's analysis reaches production as a control command.</summary>
internal sealed class WrongPlatformDecisionRule : IThreatRule
{
    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("o"),
        "Wrong platform decision reaches production",
        [Ids.Characteristic("t")],
        [Ids.Control("8.2.7.a"), Ids.Control("8.2.7.e")],
        "A control flow goes from the cloud side to an asset outside it.");

    // A plain loop into a list, fully optimised on first call: it runs once per assessment over every asset or flow,
    // and as a lazily tiered iterator it spent most of a cold run in unoptimised code (docs/benchmarks-assessment.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        var findings = new List<Finding>();
        foreach (var ends in context.ResolvedFlows)
        {
            var flow = ends.Flow;
            if (flow.Class != DataClass.Control || ends.From is not { } from || ends.To is not { } to
                || !ends.FromCloud || ends.ToCloud)
            {
                continue;
            }

            findings.Add(context.Finding(
                Metadata,
                TargetRef.Flow(flow.Id),
                from,
                3,
                5,
                (from, to),
                static s => $"Commands from {AssessmentContext.NameOf(s.from)} to {AssessmentContext.NameOf(s.to)} act on production",
                static _ => "The platform sends control commands into production (6.1 t): a wrong analysis can stop or damage equipment.",
                null,
                to));
        }

        return findings;
    }
}
