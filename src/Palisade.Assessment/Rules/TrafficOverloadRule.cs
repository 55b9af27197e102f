using System.Runtime.CompilerServices;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 j) 2) Real-time data from the field overloads the platform and data is lost.</summary>
internal sealed class TrafficOverloadRule : IThreatRule
{
    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("j.2"),
        "Field data overloads the platform",
        [Ids.Characteristic("p")],
        [Ids.Control("8.2.5.b")],
        "A cloud-side asset receives high-volume flows from the field, or medium-volume flows from two or more participants.");

    // A plain loop into a list, fully optimised on first call: it runs once per assessment over every asset or flow,
    // and as a lazily tiered iterator it spent most of a cold run in unoptimised code (docs/benchmarks-assessment.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        var findings = new List<Finding>();
        var load = new Dictionary<string, Load>(StringComparer.Ordinal);
        foreach (var ends in context.ResolvedFlows)
        {
            var flow = ends.Flow;
            if (flow.Volume == FlowVolume.Low || ends.From is not { } from || ends.To is not { } to
                || ends.FromCloud || !ends.ToCloud)
            {
                continue;
            }

            if (!load.TryGetValue(to.Id, out var entry))
            {
                entry = new Load();
                load.Add(to.Id, entry);
            }

            entry.High += flow.Volume == FlowVolume.High ? 1 : 0;
            entry.Flows++;
            entry.Participants.Add(from.Owner);
        }

        foreach (var asset in context.Description.Assets)
        {
            if (!load.TryGetValue(asset.Id, out var entry) || (entry.High == 0 && entry.Participants.Count < 2))
            {
                continue;
            }

            findings.Add(context.Finding(
                Metadata,
                TargetRef.Asset(asset.Id),
                asset,
                entry.High > 0 && entry.Participants.Count > 1 ? 4 : 3,
                4,
                (asset, entry.Flows, entry.High, Participants: entry.Participants.Count),
                static s => $"{AssessmentContext.NameOf(s.asset)} can be overloaded by field data",
                static s => $"Receives {s.Flows} bulk flow(s) ({s.High} high-volume) from {s.Participants} participant(s) (6.1 p)."));
        }

        return findings;
    }

    private sealed class Load
    {
        public int High { get; set; }

        public int Flows { get; set; }

        public HashSet<string> Participants { get; } = new(StringComparer.Ordinal);
    }
}
