using System.Runtime.CompilerServices;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 k) 2) Devices identified by a simple id instead of a certificate are impersonated.</summary>
internal sealed class WeakDeviceIdentityRule : IThreatRule
{
    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("k.2"),
        "Device identity easy to fake",
        [Ids.Characteristic("q")],
        [Ids.Control("8.2.4.a"), Ids.Control("8.2.4.b"), Ids.Control("8.2.4.f"), Ids.Control("8.2.5.d")],
        "A device connected to the platform holds no certificate.");

    // A plain loop into a list, fully optimised on first call: it runs once per assessment over every asset or flow,
    // and as a lazily tiered iterator it spent most of a cold run in unoptimised code (docs/benchmarks-assessment.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        var findings = new List<Finding>();
        foreach (var asset in context.Description.Assets)
        {
            if (!AssessmentContext.IsDevice(asset) || asset.Capabilities.Certificates || asset.Stage == LifeCycleStage.Retirement
                || !context.ConnectsToPlatform(asset))
            {
                continue;
            }

            var anyAuthenticated = FlowFacts.AnyAuthenticated(context.FlowsFrom(asset.Id));
            var commanded = FlowFacts.AnyOfClass(context.FlowsTo(asset.Id), DataClass.Control);
            findings.Add(context.Finding(
                Metadata,
                TargetRef.Asset(asset.Id),
                asset,
                anyAuthenticated ? 4 : 5,
                commanded ? 5 : 4,
                (asset, anyAuthenticated, commanded),
                static s => $"Device {AssessmentContext.NameOf(s.asset)} can be impersonated on the platform",
                static s => $"No device certificate (6.1 q); {(s.anyAuthenticated ? "authenticates with a shared or simple secret" : "no authenticated outgoing flow")}; receives control commands: {(s.commanded ? "yes" : "no")}."));
        }

        return findings;
    }
}
