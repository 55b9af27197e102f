using System.Runtime.CompilerServices;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 c) Data leakage from equipment past its end of security support or being retired.</summary>
internal sealed class RetiredEquipmentDataLeakageRule : IThreatRule
{
    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("c"),
        "Data leakage from end-of-support equipment",
        [Ids.Characteristic("c")],
        [Ids.Control("8.2.8.a"), Ids.Control("8.2.2.a")],
        "An asset stores sensitive data or keys and is in the retirement stage or past its end of security support.");

    // A plain loop into a list, fully optimised on first call: it runs once per assessment over every asset or flow,
    // and as a lazily tiered iterator it spent most of a cold run in unoptimised code (docs/benchmarks-assessment.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        var findings = new List<Finding>();
        foreach (var asset in context.Description.Assets)
        {
            var retiring = asset.Stage == LifeCycleStage.Retirement;
            var unsupported = context.HasPassed(asset.EndOfSecuritySupport);
            if (!asset.Capabilities.StoresSensitiveData || !(retiring || unsupported))
            {
                continue;
            }

            findings.Add(context.Finding(
                Metadata,
                TargetRef.Asset(asset.Id),
                asset,
                retiring ? 4 : 3,
                4,
                (asset, retiring, unsupported),
                static s => $"Data or keys stored on {AssessmentContext.NameOf(s.asset)} can leak when it is discarded or reused",
                static s => $"Stores sensitive data; {(s.retiring ? "in the retirement stage" : "")}{(s.retiring && s.unsupported ? "; " : "")}{(s.unsupported ? $"security support ended {s.asset.EndOfSecuritySupport:yyyy-MM-dd}" : "")} (6.1 c)."));
        }

        return findings;
    }
}
