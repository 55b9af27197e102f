using System.Runtime.CompilerServices;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 e) Side-channel attacks on embedded devices with too little electromagnetic shielding.</summary>
internal sealed class SideChannelRule : IThreatRule
{
    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("e"),
        "Side-channel leakage from an unshielded embedded device",
        [Ids.Characteristic("f")],
        [Ids.Control("8.2.2.c"), Ids.Control("8.2.2.d")],
        "An embedded device that is not shielded stores or carries confidential data.");

    // A plain loop into a list, fully optimised on first call: it runs once per assessment over every asset or flow,
    // and as a lazily tiered iterator it spent most of a cold run in unoptimised code (docs/benchmarks-assessment.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        var findings = new List<Finding>();
        foreach (var asset in context.Description.Assets)
        {
            if (asset.Capabilities.EmcShielded
                || asset.Kind is not (AssetKind.Sensor or AssetKind.Actuator or AssetKind.Plc or AssetKind.Gateway or AssetKind.EdgePlatform or AssetKind.Robot))
            {
                continue;
            }

            var confidentialFlow = FlowFacts.AnyConfidential(context.FlowsFrom(asset.Id))
                || FlowFacts.AnyConfidential(context.FlowsTo(asset.Id));
            if (!asset.Capabilities.StoresSensitiveData && !confidentialFlow)
            {
                continue;
            }

            findings.Add(context.Finding(
                Metadata,
                TargetRef.Asset(asset.Id),
                asset,
                asset.Capabilities.Wireless ? 3 : 2,
                asset.Capabilities.StoresSensitiveData ? 4 : 3,
                asset,
                static asset => $"Confidential data on {AssessmentContext.NameOf(asset)} can leak through side channels",
                static asset => $"Embedded device without stated EMC shielding (6.1 f); {(asset.Capabilities.StoresSensitiveData ? "stores sensitive data or keys" : "carries confidential data")}."));
        }

        return findings;
    }
}
