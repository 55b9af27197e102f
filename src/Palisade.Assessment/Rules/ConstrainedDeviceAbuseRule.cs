using System.Runtime.CompilerServices;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 d) 2) Resource-constrained devices used for replay or denial-of-service against the platform.</summary>
internal sealed class ConstrainedDeviceAbuseRule : IThreatRule
{
    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("d.2"),
        "Constrained device used for replay or denial of service",
        [Ids.Characteristic("e")],
        [Ids.Control("8.2.5.b"), Ids.Control("8.2.7.a"), Ids.Control("8.2.6.2.c")],
        "A resource-constrained asset exchanges data with the cloud side.");

    // A plain loop into a list, fully optimised on first call: it runs once per assessment over every asset or flow,
    // and as a lazily tiered iterator it spent most of a cold run in unoptimised code (docs/benchmarks-assessment.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        var findings = new List<Finding>();
        foreach (var asset in context.Description.Assets)
        {
            if (!asset.Capabilities.ResourceConstrained || !context.ConnectsToPlatform(asset))
            {
                continue;
            }

            var unprotected = FlowFacts.CountWithoutIntegrity(context.FlowsFrom(asset.Id));
            var control = FlowFacts.AnyOfClass(context.FlowsTo(asset.Id), DataClass.Control);
            findings.Add(context.Finding(
                Metadata,
                TargetRef.Asset(asset.Id),
                asset,
                unprotected > 0 ? 4 : 3,
                control ? 4 : 3,
                (asset, unprotected, control),
                static s => $"Constrained device {AssessmentContext.NameOf(s.asset)} can be used for replay or denial of service",
                static s => $"Resource-constrained (6.1 e) and connected to the platform; {s.unprotected} outgoing flow(s) without integrity protection; receives control commands: {(s.control ? "yes" : "no")}."));
        }

        return findings;
    }
}
