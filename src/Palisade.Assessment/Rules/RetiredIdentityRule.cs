using System.Runtime.CompilerServices;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 k) 1) Identities of scrapped devices not revoked, so an attacker can use them to reach the platform.</summary>
internal sealed class RetiredIdentityRule : IThreatRule
{
    private static readonly string[] Constrained = [Ids.Control("8.2.6.2.b"), Ids.Control("8.2.4.e")];
    private static readonly string[] Rich = [Ids.Control("8.2.6.1.d"), Ids.Control("8.2.4.e")];

    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("k.1"),
        "Retired device's identity still valid",
        [Ids.Characteristic("r")],
        [Ids.Control("8.2.6.1.d"), Ids.Control("8.2.6.2.b"), Ids.Control("8.2.4.e")],
        "A device in the retirement stage still holds a certificate or still has data flows.");

    // A plain loop into a list, fully optimised on first call: it runs once per assessment over every asset or flow,
    // and as a lazily tiered iterator it spent most of a cold run in unoptimised code (docs/benchmarks-assessment.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        var findings = new List<Finding>();
        foreach (var asset in context.Description.Assets)
        {
            if (asset.Stage != LifeCycleStage.Retirement || !AssessmentContext.IsDevice(asset))
            {
                continue;
            }

            var stillConnected = context.FlowsFrom(asset.Id).Length > 0 || context.FlowsTo(asset.Id).Length > 0;
            if (!stillConnected && !asset.Capabilities.Certificates)
            {
                continue;
            }

            findings.Add(context.Finding(
                Metadata,
                TargetRef.Asset(asset.Id),
                asset,
                stillConnected ? 4 : 3,
                4,
                (asset, stillConnected),
                static s => $"Retired device {AssessmentContext.NameOf(s.asset)} can still be impersonated",
                static s => $"In the retirement stage (6.1 r) but {(s.stillConnected ? "still has data flows" : "still holds a certificate")}.",
                asset.Capabilities.ResourceConstrained ? Constrained : Rich));
        }

        return findings;
    }
}
