using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 q) Malicious applications from unknown or third-party publishers leak data or attack other applications.</summary>
internal sealed class MaliciousApplicationRule : IThreatRule
{
    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("q"),
        "Application from an unknown or third-party publisher",
        [Ids.Characteristic("v")],
        [Ids.Control("8.2.7.f"), Ids.Control("8.2.7.e")],
        "An application is published by someone other than the participant that runs it, or by an unstated publisher; signing lowers the likelihood.");

    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        foreach (var asset in context.Description.Assets)
        {
            if (asset.Kind != AssetKind.Application || string.Equals(asset.Publisher, asset.Owner, StringComparison.Ordinal))
            {
                continue;
            }

            var commands = context.FlowsFrom(asset.Id).Any(f => f.Class == DataClass.Control);
            var likelihood = (asset.Publisher is null ? 4 : 3) - (asset.Capabilities.Signing ? 1 : 0);
            yield return context.Finding(
                Metadata,
                TargetRef.Asset(asset.Id),
                asset,
                likelihood,
                commands ? 5 : 4,
                $"Application {AssessmentContext.NameOf(asset)} from {asset.Publisher ?? "an unknown publisher"} could be malicious",
                $"Published by {asset.Publisher ?? "an unstated publisher"}, run by {asset.Owner} (6.1 v); signed {(asset.Capabilities.Signing ? "yes" : "no")}; sends commands: {(commands ? "yes" : "no")}.");
        }
    }
}
