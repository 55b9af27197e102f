using System.Runtime.CompilerServices;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 g) 3) Hosts still using manufacturer or weak shared passwords.</summary>
internal sealed class DefaultPasswordRule : IThreatRule
{
    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("g.3"),
        "Host keeps manufacturer or weak passwords",
        [Ids.Characteristic("d")],
        [Ids.Control("8.2.6.1.c"), Ids.Control("8.2.6.1.a")],
        "A host or server does not state that its default credentials were changed.");

    // A plain loop into a list, fully optimised on first call: it runs once per assessment over every asset or flow,
    // and as a lazily tiered iterator it spent most of a cold run in unoptimised code (docs/benchmarks-assessment.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        var findings = new List<Finding>();
        foreach (var asset in context.Description.Assets)
        {
            if (asset.Kind is not (AssetKind.Host or AssetKind.Server) || asset.Capabilities.DefaultCredentialsChanged)
            {
                continue;
            }

            var plant = context.ZoneOf(asset)?.Kind is ZoneKind.Field or ZoneKind.Production;
            findings.Add(context.Finding(
                Metadata,
                TargetRef.Asset(asset.Id),
                asset,
                4,
                plant ? 5 : 4,
                (asset, plant),
                static s => $"Host {AssessmentContext.NameOf(s.asset)} may still accept default passwords",
                static s => $"Default credentials not stated as changed on a {KebabNames.Of(s.asset.Kind)} (6.1 d){(s.plant ? " in the plant network" : "")}."));
        }

        return findings;
    }
}
