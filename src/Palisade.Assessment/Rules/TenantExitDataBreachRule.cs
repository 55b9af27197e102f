using System.Runtime.CompilerServices;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 l) A participant's data left behind in storage reallocated to another tenant when it leaves the platform.</summary>
internal sealed class TenantExitDataBreachRule : IThreatRule
{
    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("l"),
        "Data left behind when a participant leaves",
        [Ids.Characteristic("s")],
        [Ids.Control("8.2.6.1.d"), Ids.Control("8.2.4.p1")],
        "A participant sends data to cloud-side assets that another participant runs.");

    // A plain loop into a list, fully optimised on first call: it runs once per assessment over every asset or flow,
    // and as a lazily tiered iterator it spent most of a cold run in unoptimised code (docs/benchmarks-assessment.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        var findings = new List<Finding>();
        var tenants = new Dictionary<string, (int Flows, bool Confidential)>(StringComparer.Ordinal);
        foreach (var ends in context.ResolvedFlows)
        {
            var flow = ends.Flow;
            if (ends.From is { } from && ends.To is { } to
                && ends.ToCloud && !string.Equals(from.Owner, to.Owner, StringComparison.Ordinal))
            {
                tenants.TryGetValue(from.Owner, out var seen);
                tenants[from.Owner] = (seen.Flows + 1, seen.Confidential || Ids.IsConfidential(flow.Class));
            }
        }

        foreach (var participant in context.Description.Participants)
        {
            if (!tenants.TryGetValue(participant.Id, out var seen))
            {
                continue;
            }

            findings.Add(context.Finding(
                Metadata,
                TargetRef.Participant(participant.Id),
                null,
                tenants.Count > 1 ? 3 : 2,
                seen.Confidential ? 5 : 3,
                $"{participant.Name ?? participant.Id}'s data may remain on the platform after it leaves",
                $"Stores data on another participant's cloud side through {seen.Flows} flow(s) (6.1 s); {tenants.Count} tenant(s) share it; confidential data: {(seen.Confidential ? "yes" : "no")}."));
        }

        return findings;
    }
}
