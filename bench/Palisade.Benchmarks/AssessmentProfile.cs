using System.Diagnostics;
using System.Globalization;
using System.Text;
using Palisade.Assessment.Catalogue;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Generation;

namespace Palisade.Benchmarks;

/// <summary>
/// Diagnostic modes for the assessment benchmark (no profiler is installed on the build machine, so sections are
/// timed with <see cref="Stopwatch"/> and allocations counted with <see cref="GC.GetAllocatedBytesForCurrentThread"/>):
/// <list type="bullet">
/// <item><c>--assessment-profile ASSETS FLOWS</c>: validation, context, each rule, sort, separately, after one warm-up assessment.</item>
/// <item><c>--assessment-dump ASSETS FLOWS FILE</c>: every field of every finding, one line each, so two builds can be diffed
/// to prove an optimisation changed nothing.</item>
/// </list>
/// </summary>
internal static class AssessmentProfile
{
    public static int Profile(int assets, int flows, bool cold = false)
    {
        var description = DescriptionGenerator.Generate(assets, flows);
        var options = new AssessmentOptions { AsOf = new DateOnly(2026, 11, 25) };
        if (!cold)
        {
            _ = AssessmentEngine.Assess(description, options); // warm-up: JIT and catalogue
        }

        GC.Collect();
        ICatalogueView? catalogue = null;
        Section("catalogue", () =>
        {
            catalogue = AssessmentCatalogue.Default;
            return RuleRegistry.Default.Rules.Count;
        });
        var total = Stopwatch.StartNew();
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        var gcBefore = GC.CollectionCount(0);
        var pauseStart = GC.GetTotalPauseDuration();
        Section("validate", () => DescriptionValidator.Validate(description, catalogue!).Count);
        AssessmentContext? context = null;
        Section("context", () =>
        {
            context = new AssessmentContext(description, options.AsOf!.Value, catalogue!, null);
            return 0;
        });
        var findings = new List<Finding>();
        foreach (var rule in RuleRegistry.Default.Rules)
        {
            Section(rule.Metadata.Id, () =>
            {
                var before = findings.Count;
                findings.AddRange(rule.Evaluate(context!));
                return findings.Count - before;
            });
        }

        Section("sort", () =>
        {
            return FindingSorter.Sort(findings).Length;
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total {total.Elapsed.TotalMilliseconds:F0} ms wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMilliseconds:F0} ms CPU, gen0 GCs {GC.CollectionCount(0) - gcBefore} (gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)} in process), GC pauses {(GC.GetTotalPauseDuration() - pauseStart).TotalMilliseconds:F0} ms, findings {findings.Count:N0}, total allocated {GC.GetTotalAllocatedBytes() / 1048576.0:F0} MiB (whole process)"));
        return 0;
    }

    public static int Dump(int assets, int flows, string file)
    {
        var description = DescriptionGenerator.Generate(assets, flows);
        var result = AssessmentEngine.Assess(description, new AssessmentOptions { AsOf = new DateOnly(2026, 11, 25) });
        using var writer = new StreamWriter(file, false, new UTF8Encoding(false));
        foreach (var f in result.Findings)
        {
            writer.Write(string.Join('|', f.Id, f.ThreatId, f.RuleId, f.TargetKind, f.TargetId, f.Title, f.Rationale, f.Likelihood, f.Impact, f.Severity, f.Applicability, f.Treatment));
            writer.Write('|');
            writer.Write(string.Join(',', f.Controls.Select(c => $"{c.ControlId}/{c.Presence}/{c.Evidence}")));
            writer.Write('|');
            writer.Write(string.Join(',', f.ObjectiveIds));
            writer.Write('|');
            writer.Write(string.Join(',', f.DomainIds));
            writer.Write('|');
            writer.Write(string.Join(',', f.StageIds));
            writer.Write('|');
            writer.Write(string.Join(',', f.ScenarioThreatIds));
            writer.Write('|');
            writer.WriteLine(f.Tracking is { } t ? $"{t.Match}/{t.Status}/{t.Justification}/{t.Owner}/{t.Date}" : string.Empty);
        }

        writer.WriteLine(string.Join(',', result.ScenarioIds));
        return 0;
    }

    private static void Section(string name, Func<int> action)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var gcs = GC.CollectionCount(0);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var count = action();
        var ms = watch.Elapsed.TotalMilliseconds;
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-20} {ms,8:F1} ms wall {cpuMs,8:F1} ms CPU {(GC.GetAllocatedBytesForCurrentThread() - allocated) / 1048576.0,8:F1} MiB {GC.CollectionCount(0) - gcs,4} GCs {count,9:N0}"));
    }
}
