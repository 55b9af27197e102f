using System.Runtime.CompilerServices;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 q) Malicious applications from unknown or third-party publishers leak data or attack other applications.</summary>
internal sealed class MaliciousApplicationRule : IThreatRule
{
    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("q"),
        "Application from an unknown or third-party publisher",
        [Ids.Characteristic("v")],
        [Ids.Control("8.2.7.f"), Ids.Control("8.2.7.e")],
        "An application is published by someone other than the participant that runs it, or by an unstated publisher; signing lowers the likelihood.");

    // A plain loop into a list, fully optimised on first call: it runs once per assessment over every asset or flow,
    // and as a lazily tiered iterator it spent most of a cold run in unoptimised code (docs/benchmarks-assessment.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        var findings = new List<Finding>();
        foreach (var asset in context.Description.Assets)
        {
            if (asset.Kind != AssetKind.Application || string.Equals(asset.Publisher, asset.Owner, StringComparison.Ordinal))
            {
                continue;
            }

            var commands = FlowFacts.AnyOfClass(context.FlowsFrom(asset.Id), DataClass.Control);
            var likelihood = (asset.Publisher is null ? 4 : 3) - (asset.Capabilities.Signing ? 1 : 0);
            findings.Add(context.Finding(
                Metadata,
                TargetRef.Asset(asset.Id),
                asset,
                likelihood,
                commands ? 5 : 4,
                (asset, commands),
                static s => $"Application {AssessmentContext.NameOf(s.asset)} from {s.asset.Publisher ?? "an unknown publisher"} could be malicious",
                static s => $"Published by {s.asset.Publisher ?? "an unstated publisher"}, run by {s.asset.Owner} (6.1 v); signed {(s.asset.Capabilities.Signing ? "yes" : "no")}; sends commands: {(s.commands ? "yes" : "no")}."));
        }

        return findings;
    }
}
