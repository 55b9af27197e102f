using System.Runtime.CompilerServices;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 a) Vulnerable wireless sensors: wireless field devices whose data can be copied or altered over the air.</summary>
internal sealed class WirelessSensorRule : IThreatRule
{
    
    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("a"),
        "Vulnerable wireless sensor",
        [Ids.Characteristic("a")],
        [Ids.Control("8.2.5.a"), Ids.Control("8.2.5.f")],
        "A sensor or actuator connects over a wireless network.");

    // A plain loop into a list, fully optimised on first call: it runs once per assessment over every asset or flow,
    // and as a lazily tiered iterator it spent most of a cold run in unoptimised code (docs/benchmarks-assessment.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        var findings = new List<Finding>();
        foreach (var asset in context.Description.Assets)
        {
            if (!asset.Capabilities.Wireless || asset.Kind is not (AssetKind.Sensor or AssetKind.Actuator))
            {
                continue;
            }

            var weak = 0;
            var confidential = false;
            var control = false;
            foreach (var flow in context.FlowsFrom(asset.Id))
            {
                weak += flow.Authenticated && flow.IntegrityProtected ? 0 : 1;
                confidential |= Ids.IsConfidential(flow.Class);
                control |= flow.Class == DataClass.Control;
            }

            foreach (var flow in context.FlowsTo(asset.Id))
            {
                control |= flow.Class == DataClass.Control;
            }

            var likelihood = 2 + (weak > 0 ? 2 : 0) + (asset.Capabilities.Tls ? 0 : 1);
            var impact = control || confidential ? 4 : 3;
            findings.Add(context.Finding(
                Metadata,
                TargetRef.Asset(asset.Id),
                asset,
                likelihood,
                impact,
                (asset, weak),
                static s => $"Wireless {KebabNames.Of(s.asset.Kind)} {AssessmentContext.NameOf(s.asset)} can be eavesdropped or spoofed over the air",
                static s => $"Wireless (6.1 a); {s.weak} outgoing flow(s) without authentication and integrity protection; TLS {(s.asset.Capabilities.Tls ? "on" : "off")}."));
        }

        return findings;
    }
}
