using System.Runtime.CompilerServices;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Rules;

/// <summary>6.2 g) 4) Hosts on an operating system the vendor no longer supports.</summary>
internal sealed class ObsoleteOperatingSystemRule : IThreatRule
{
    /// <summary>How far ahead an approaching end of support is already reported (a planning horizon).</summary>
    internal const int WarningDays = 180;

    public RuleMetadata Metadata { get; } = new(
        Ids.Threat("g.4"),
        "Obsolete operating system",
        [Ids.Characteristic("j")],
        [Ids.Control("8.2.6.1.f"), Ids.Control("8.2.6.1.e")],
        "An asset's operating system is past (or within 180 days of) its end of support.");

    // A plain loop into a list, fully optimised on first call: it runs once per assessment over every asset or flow,
    // and as a lazily tiered iterator it spent most of a cold run in unoptimised code (docs/benchmarks-assessment.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<Finding> Evaluate(AssessmentContext context)
    {
        var findings = new List<Finding>();
        foreach (var asset in context.Description.Assets)
        {
            if (asset.OperatingSystem is not { EndOfSupport: { } end } os || end > context.AsOf.AddDays(WarningDays))
            {
                continue;
            }

            var passed = end <= context.AsOf;
            var connected = context.ConnectsToPlatform(asset);
            findings.Add(context.Finding(
                Metadata,
                TargetRef.Asset(asset.Id),
                asset,
                passed ? (connected ? 5 : 4) : 2,
                4,
                (asset, os, end, passed, connected),
                static s => s.passed
                    ? $"{AssessmentContext.NameOf(s.asset)} runs {s.os.Name}, no longer supported"
                    : $"{AssessmentContext.NameOf(s.asset)} runs {s.os.Name}, support ends soon",
                static s => $"Operating system {s.os.Name} {s.os.Version} support {(s.passed ? "ended" : "ends")} {s.end:yyyy-MM-dd} (6.1 j){(s.connected ? "; connected to the platform" : "")}."));
        }

        return findings;
    }
}
