using System.Runtime.CompilerServices;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 b) Operation failure of an edge computing platform that the factory cannot repair and the provider cannot reach in time.</summary>
internal sealed class EdgePlatformFailureRule : IThreatRule
{
    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("b"),
        "Edge platform failure interrupts production",
        [Ids.Characteristic("b")],
        [Ids.Control("8.2.7.b"), Ids.Control("8.2.2.b"), Ids.Control("8.2.8.b")],
        "An asset is an edge platform; remote maintenance and a standby lower the likelihood.");

    // A plain loop into a list, fully optimised on first call: it runs once per assessment over every asset or flow,
    // and as a lazily tiered iterator it spent most of a cold run in unoptimised code (docs/benchmarks-assessment.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        var findings = new List<Finding>();
        foreach (var asset in context.Description.Assets)
        {
            if (asset.Kind != AssetKind.EdgePlatform)
            {
                continue;
            }

            var carriesControl = FlowFacts.AnyOfClass(context.FlowsFrom(asset.Id), DataClass.Control)
                || FlowFacts.AnyOfClass(context.FlowsTo(asset.Id), DataClass.Control);
            var likelihood = 4 - (asset.Capabilities.RemoteMaintenance ? 1 : 0) - (asset.Capabilities.Redundant ? 1 : 0);
            findings.Add(context.Finding(
                Metadata,
                TargetRef.Asset(asset.Id),
                asset,
                likelihood,
                carriesControl ? 5 : 4,
                (asset, carriesControl),
                static s => $"Failure of edge platform {AssessmentContext.NameOf(s.asset)} can stop production",
                static s => $"Edge platform (6.1 b); remote maintenance {(s.asset.Capabilities.RemoteMaintenance ? "possible" : "not possible")}; standby {(s.asset.Capabilities.Redundant ? "present" : "absent")}; carries control traffic: {(s.carriesControl ? "yes" : "no")}."));
        }

        return findings;
    }
}
