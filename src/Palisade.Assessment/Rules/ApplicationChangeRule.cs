using System.Runtime.CompilerServices;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 p) Device security does not keep up with frequently changing applications.</summary>
internal sealed class ApplicationChangeRule : IThreatRule
{
    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("p"),
        "Device security lags application changes",
        [Ids.Characteristic("u")],
        [Ids.Control("8.2.7.d")],
        "An application exchanges data with devices.");

    // A plain loop into a list, fully optimised on first call: it runs once per assessment over every asset or flow,
    // and as a lazily tiered iterator it spent most of a cold run in unoptimised code (docs/benchmarks-assessment.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        var findings = new List<Finding>();
        foreach (var asset in context.Description.Assets)
        {
            if (asset.Kind != AssetKind.Application)
            {
                continue;
            }

            var devices = 0;
            var commands = false;
            foreach (var flow in context.FlowsFrom(asset.Id))
            {
                if (context.Asset(flow.To) is { } to && AssessmentContext.IsDevice(to))
                {
                    devices++;
                    commands |= flow.Class == DataClass.Control;
                }
            }

            foreach (var flow in context.FlowsTo(asset.Id))
            {
                if (context.Asset(flow.From) is { } from && AssessmentContext.IsDevice(from))
                {
                    devices++;
                }
            }

            if (devices == 0)
            {
                continue;
            }

            var thirdParty = !string.Equals(asset.Publisher ?? asset.Owner, asset.Owner, StringComparison.Ordinal) || asset.Publisher is null;
            findings.Add(context.Finding(
                Metadata,
                TargetRef.Asset(asset.Id),
                asset,
                thirdParty ? 4 : 3,
                commands ? 4 : 3,
                (asset, devices, commands),
                static s => $"Devices used by {AssessmentContext.NameOf(s.asset)} may not keep up with its changes",
                static s => $"Exchanges data with devices through {s.devices} flow(s) (6.1 u); sends commands: {(s.commands ? "yes" : "no")}; published by {s.asset.Publisher ?? "an unstated publisher"}."));
        }

        return findings;
    }
}
