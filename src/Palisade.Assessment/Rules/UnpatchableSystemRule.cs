using System.Runtime.CompilerServices;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 g) 2) Systems that can no longer be patched left on the network.</summary>
internal sealed class UnpatchableSystemRule : IThreatRule
{
    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("g.2"),
        "System that can no longer be patched stays on the network",
        [Ids.Characteristic("k")],
        [Ids.Control("8.2.3.p2")],
        "An asset in use cannot be patched or is past its end of security support.");

    // A plain loop into a list, fully optimised on first call: it runs once per assessment over every asset or flow,
    // and as a lazily tiered iterator it spent most of a cold run in unoptimised code (docs/benchmarks-assessment.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        var findings = new List<Finding>();
        foreach (var asset in context.Description.Assets)
        {
            var expired = context.HasPassed(asset.EndOfSecuritySupport);
            if (asset.Stage == LifeCycleStage.Retirement || (asset.Capabilities.Patchable && !expired))
            {
                continue;
            }

            var connected = context.ConnectsToPlatform(asset);
            findings.Add(context.Finding(
                Metadata,
                TargetRef.Asset(asset.Id),
                asset,
                connected ? 4 : 3,
                4,
                (asset, expired, connected),
                static s => $"{AssessmentContext.NameOf(s.asset)} can no longer be patched but stays on the network",
                static s => s.expired
                    ? $"Security support ended {s.asset.EndOfSecuritySupport:yyyy-MM-dd} (6.1 k); {(s.connected ? "connected to the platform" : "on the plant network")}."
                    : $"Stated as not patchable (6.1 k); {(s.connected ? "connected to the platform" : "on the plant network")}."));
        }

        return findings;
    }
}
