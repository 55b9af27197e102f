using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 i) Network access points (addresses, ports) disclosed to other participants.</summary>
internal sealed class AccessPointDisclosureRule : IThreatRule
{
    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("i"),
        "Network access points disclosed to another participant",
        [Ids.Characteristic("n")],
        [Ids.Control("8.2.4.c"), Ids.Control("8.2.3.p3")],
        "A flow links assets owned by different participants.");

    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        foreach (var flow in context.Description.Flows)
        {
            if (context.Asset(flow.From) is not { } from || context.Asset(flow.To) is not { } to
                || string.Equals(from.Owner, to.Owner, StringComparison.Ordinal))
            {
                continue;
            }

            var plant = context.ZoneOf(from)?.Kind is ZoneKind.Field or ZoneKind.Production
                || context.ZoneOf(to)?.Kind is ZoneKind.Field or ZoneKind.Production;
            yield return context.Finding(
                Metadata,
                TargetRef.Flow(flow.Id),
                from,
                flow.Encrypted ? 3 : 4,
                plant ? 3 : 2,
                $"Flow {flow.Id} shows {from.Owner}'s and {to.Owner}'s network access points to each other",
                $"Different participants exchange data (6.1 n){(plant ? ", one end in a plant network" : "")}; encrypted {(flow.Encrypted ? "yes" : "no")}.",
                null,
                to);
        }
    }
}
