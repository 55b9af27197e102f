using System.Runtime.CompilerServices;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 g) 1) Traditional factory equipment without encryption or authentication reached from outside its zone.</summary>
internal sealed class LegacyEquipmentRule : IThreatRule
{
    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("g.1"),
        "Legacy equipment without encryption or authentication exposed",
        [Ids.Characteristic("i")],
        [Ids.Control("8.2.4.c"), Ids.Control("8.2.4.b"), Ids.Control("8.2.6.1.b")],
        "An asset speaks a legacy protocol and exchanges data beyond its own zone.");

    // A plain loop into a list, fully optimised on first call: it runs once per assessment over every asset or flow,
    // and as a lazily tiered iterator it spent most of a cold run in unoptimised code (docs/benchmarks-assessment.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        var findings = new List<Finding>();
        foreach (var asset in context.Description.Assets)
        {
            if (!asset.Capabilities.LegacyProtocol)
            {
                continue;
            }

            var connected = context.ConnectsToPlatform(asset);
            var leavesZone = connected || LeavesZone(context, asset);
            if (!leavesZone)
            {
                continue;
            }

            var control = FlowFacts.AnyOfClass(context.FlowsTo(asset.Id), Description.DataClass.Control);
            findings.Add(context.Finding(
                Metadata,
                TargetRef.Asset(asset.Id),
                asset,
                connected ? 4 : 3,
                control ? 5 : 4,
                (asset, connected),
                static s => $"Legacy equipment {AssessmentContext.NameOf(s.asset)} can be found and entered from outside its zone",
                static s => $"Legacy protocol without encryption or authentication (6.1 i); {(s.connected ? "exchanges data with the cloud side" : "exchanges data with other zones")}."));
        }

        return findings;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool LeavesZone(AssessmentContext context, Description.Asset asset)
    {
        foreach (var flow in context.FlowsFrom(asset.Id))
        {
            if (context.Asset(flow.To) is { } to && !string.Equals(to.Zone, asset.Zone, StringComparison.Ordinal))
            {
                return true;
            }
        }

        foreach (var flow in context.FlowsTo(asset.Id))
        {
            if (context.Asset(flow.From) is { } from && !string.Equals(from.Zone, asset.Zone, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
