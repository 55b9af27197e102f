using System.Runtime.CompilerServices;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 n) Privacy of confidential data transmitted across borders with different data-protection laws.</summary>
internal sealed class CrossBorderPrivacyRule : IThreatRule
{
    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("n"),
        "Confidential data crosses a border",
        [Ids.Characteristic("n")],
        [Ids.Control("8.2.5.c"), Ids.Control("8.2.5.e"), Ids.Control("8.2.7.c")],
        "A flow of personal, sensitive or intellectual-property data crosses a border (stated, or derived from the jurisdictions of its ends).");

    // A plain loop into a list, fully optimised on first call: it runs once per assessment over every asset or flow,
    // and as a lazily tiered iterator it spent most of a cold run in unoptimised code (docs/benchmarks-assessment.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        var findings = new List<Finding>();
        foreach (var ends in context.ResolvedFlows)
        {
            var flow = ends.Flow;
            if (!Ids.IsConfidential(flow.Class) || !context.CrossesBorder(ends) || ends.From is not { } from)
            {
                continue;
            }

            var to = ends.To;
            var fromJurisdiction = to is null ? null : context.JurisdictionOf(from);
            var toJurisdiction = to is null ? null : context.JurisdictionOf(to);
            findings.Add(context.Finding(
                Metadata,
                TargetRef.Flow(flow.Id),
                from,
                flow.Encrypted ? 3 : 4,
                flow.Class == DataClass.Personal ? 5 : 4,
                (flow, route: to is not null, fromJurisdiction, toJurisdiction),
                static s => $"{KebabNames.Of(s.flow.Class)} data of flow {s.flow.Id} crosses a border",
                static s => $"Crosses a border{(s.route ? $" from {s.fromJurisdiction ?? "?"} to {s.toJurisdiction ?? "?"}" : string.Empty)} where data-protection law differs; encrypted {(s.flow.Encrypted ? "yes" : "no")}.",
                null,
                to));
        }

        return findings;
    }
}
