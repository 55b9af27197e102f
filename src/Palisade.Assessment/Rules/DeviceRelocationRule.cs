using System.Runtime.CompilerServices;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 h) 1) Devices moving between zones break zone protection during relocation.</summary>
internal sealed class DeviceRelocationRule : IThreatRule
{
    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("h.1"),
        "Relocated device breaks zone protection",
        [Ids.Characteristic("l")],
        [Ids.Control("8.2.4.d"), Ids.Control("8.2.4.g"), Ids.Control("8.2.6.1.b")],
        "An asset is mobile (moves between zones).");

    // A plain loop into a list, fully optimised on first call: it runs once per assessment over every asset or flow,
    // and as a lazily tiered iterator it spent most of a cold run in unoptimised code (docs/benchmarks-assessment.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        var findings = new List<Finding>();
        foreach (var asset in context.Description.Assets)
        {
            if (!asset.Capabilities.Mobile)
            {
                continue;
            }

            var level = context.ZoneOf(asset)?.SecurityLevel ?? 0;
            findings.Add(context.Finding(
                Metadata,
                TargetRef.Asset(asset.Id),
                asset,
                asset.Capabilities.Wireless ? 4 : 3,
                level >= 3 ? 4 : 3,
                (asset, level),
                static s => $"Mobile {AssessmentContext.NameOf(s.asset)} can carry its zone's trust into another zone",
                static s => $"Moves between zones (6.1 l){(s.asset.Capabilities.Wireless ? ", over wireless" : "")}; home zone {s.asset.Zone}{(s.level > 0 ? $" at security level {s.level}" : "")}."));
        }

        return findings;
    }
}
