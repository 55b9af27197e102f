using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Generation;

namespace Palisade.Benchmarks;

/// <summary>
/// <c>Palisade.Benchmarks --assessment [--runs N] [--sizes assets:flows,...]</c>: how long assessing a generated IIP
/// description takes and how much memory the process needs, at 10k assets / 20k flows and 100k assets / 200k flows
/// by default, to show the cost grows linearly. Each measurement is a fresh process (so peak working set belongs to
/// that size alone and the first assessment pays JIT and catalogue loading, as a CLI run does); the median of the
/// runs is reported. Not BenchmarkDotNet: the question is wall time and peak memory of one big run, not a
/// steady-state per-operation cost.
/// </summary>
internal static class AssessmentScaleBenchmark
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    public static int Run(string[] args)
    {
        if (args.Length >= 3 && args[0] == "--assessment-once")
        {
            return Once(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture), args.Contains("--yaml"));
        }

        var runs = 3;
        var sizes = new List<(int Assets, int Flows)> { (10_000, 20_000), (100_000, 200_000) };
        var yaml = args.Contains("--yaml");
        for (var i = 1; i < args.Length - 1; i++)
        {
            if (args[i] == "--runs")
            {
                runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--sizes")
            {
                sizes = args[i + 1].Split(',').Select(s => s.Split(':')).Select(p => (int.Parse(p[0], CultureInfo.InvariantCulture), int.Parse(p[1], CultureInfo.InvariantCulture))).ToList();
            }
        }

        Console.WriteLine($"Assessment scale benchmark: {runs} fresh processes per size; machine: {Environment.ProcessorCount} logical CPUs, {Environment.OSVersion}, .NET {Environment.Version}; load average at start: {LoadAverage()}");
        var medians = new List<Sample>();
        foreach (var (assets, flows) in sizes)
        {
            var samples = new List<Sample>();
            for (var r = 0; r < runs; r++)
            {
                var sample = Child(assets, flows, yaml);
                Console.WriteLine($"  run {r + 1}: {Describe(sample)}");
                samples.Add(sample);
            }

            var median = new Sample(
                assets,
                flows,
                samples[0].Findings,
                Median(samples.Select(s => s.GenerateMs)),
                Median(samples.Select(s => s.AssessColdMs)),
                Median(samples.Select(s => s.AssessWarmMs)),
                (long)Median(samples.Select(s => (double)s.PeakWorkingSetAfterAssess)),
                (long)Median(samples.Select(s => (double)s.YamlBytes)),
                Median(samples.Select(s => s.LoadMs)),
                (long)Median(samples.Select(s => (double)s.PeakWorkingSetAfterLoad)),
                Median(samples.Select(s => s.AssessColdCpuMs)),
                Median(samples.Select(s => s.AssessWarmCpuMs)),
                (int)Median(samples.Select(s => (double)s.AssessColdGcs)),
                Median(samples.Select(s => s.AssessColdGcPauseMs)));
            Console.WriteLine($"median {assets:N0} assets / {flows:N0} flows: {Describe(median)}");
            medians.Add(median);
        }

        Console.WriteLine();
        Console.WriteLine("| assets | flows | findings | generate (ms) | assess, first in process (ms) | first, CPU (ms) | assess again (ms) | again, CPU (ms) | peak working set after assess (MiB) | YAML size (MiB) | load YAML (ms) | peak working set after load (MiB) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var m in medians)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {m.Assets:N0} | {m.Flows:N0} | {m.Findings:N0} | {m.GenerateMs:F0} | {m.AssessColdMs:F0} | {m.AssessColdCpuMs:F0} | {m.AssessWarmMs:F0} | {m.AssessWarmCpuMs:F0} | {m.PeakWorkingSetAfterAssess / 1048576.0:F0} | {(m.YamlBytes > 0 ? (m.YamlBytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture) : "–")} | {(m.YamlBytes > 0 ? m.LoadMs.ToString("F0", CultureInfo.InvariantCulture) : "–")} | {(m.YamlBytes > 0 ? (m.PeakWorkingSetAfterLoad / 1048576.0).ToString("F0", CultureInfo.InvariantCulture) : "–")} |"));
        }

        Console.WriteLine($"load average at end: {LoadAverage()}");
        if (medians.Count >= 2)
        {
            var small = medians[0];
            var big = medians[^1];
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"growth {small.Assets:N0} → {big.Assets:N0} assets (×{(double)big.Assets / small.Assets:F0}): assess first ×{big.AssessColdMs / small.AssessColdMs:F1}, assess again ×{big.AssessWarmMs / small.AssessWarmMs:F1}, findings ×{(double)big.Findings / small.Findings:F1}"));
        }

        return 0;
    }

    /// <summary>The 1/5/15-minute load averages (Linux), to record how shared the machine was.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string Describe(Sample s) =>
        string.Create(CultureInfo.InvariantCulture, $"{s.Findings:N0} findings; generate {s.GenerateMs:F0} ms; assess first {s.AssessColdMs:F0} ms ({s.AssessColdCpuMs:F0} ms CPU, {s.AssessColdGcs} GCs pausing {s.AssessColdGcPauseMs:F0} ms), again {s.AssessWarmMs:F0} ms ({s.AssessWarmCpuMs:F0} ms CPU); peak WS {s.PeakWorkingSetAfterAssess / 1048576.0:F0} MiB")
        + (s.YamlBytes > 0
            ? string.Create(CultureInfo.InvariantCulture, $"; YAML {s.YamlBytes / 1048576.0:F1} MiB loaded in {s.LoadMs:F0} ms, peak WS {s.PeakWorkingSetAfterLoad / 1048576.0:F0} MiB")
            : string.Empty);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static Sample Child(int assets, int flows, bool yaml)
    {
        var exe = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true, UseShellExecute = false };
        if (string.Equals(Path.GetFileNameWithoutExtension(exe), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(AssessmentScaleBenchmark).Assembly.Location);
        }

        foreach (var arg in new[] { "--assessment-once", assets.ToString(CultureInfo.InvariantCulture), flows.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        if (yaml)
        {
            start.ArgumentList.Add("--yaml");
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"child exited {process.ExitCode}: {output}");
        }

        return JsonSerializer.Deserialize<Sample>(output.Trim().Split('\n')[^1], JsonOptions)!;
    }

    /// <summary>One measurement in this process; prints one JSON line.</summary>
    private static int Once(int assets, int flows, bool yaml)
    {
        var watch = Stopwatch.StartNew();
        var description = DescriptionGenerator.Generate(assets, flows);
        var generateMs = watch.Elapsed.TotalMilliseconds;

        var options = new AssessmentOptions { AsOf = new DateOnly(2026, 11, 25) };
        // CPU time beside wall time: on a shared machine wall time mostly measures the other processes.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var gcs = GC.CollectionCount(0);
        var pauses = GC.GetTotalPauseDuration();
        watch.Restart();
        var result = AssessmentEngine.Assess(description, options);
        var coldMs = watch.Elapsed.TotalMilliseconds;
        var coldCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        var coldGcs = GC.CollectionCount(0) - gcs;
        var coldPauseMs = (GC.GetTotalPauseDuration() - pauses).TotalMilliseconds;
        cpu = Process.GetCurrentProcess().TotalProcessorTime;
        watch.Restart();
        var again = AssessmentEngine.Assess(description, options);
        var warmMs = watch.Elapsed.TotalMilliseconds;
        var warmCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        if (again.Findings.Count != result.Findings.Count)
        {
            throw new InvalidOperationException("non-deterministic assessment");
        }

        var peakAfterAssess = Process.GetCurrentProcess().PeakWorkingSet64;
        var findings = result.Findings.Count;
        long yamlBytes = 0;
        double loadMs = 0;
        long peakAfterLoad = 0;
        if (yaml)
        {
            // Loading text is measured after the assessment so its memory does not count in the assessment's peak.
            var writer = new StringWriter(CultureInfo.InvariantCulture);
            DescriptionYamlWriter.Write(description, writer);
            var text = writer.ToString();
            yamlBytes = Encoding.UTF8.GetByteCount(text);
            description = null;
            result = null;
            again = null;
            GC.Collect();
            watch.Restart();
            var loaded = DescriptionLoader.Parse(text, "generated.yaml");
            loadMs = watch.Elapsed.TotalMilliseconds;
            GC.KeepAlive(loaded);
            peakAfterLoad = Process.GetCurrentProcess().PeakWorkingSet64;
        }

        var sample = new Sample(assets, flows, findings, generateMs, coldMs, warmMs, peakAfterAssess, yamlBytes, loadMs, peakAfterLoad, coldCpuMs, warmCpuMs, coldGcs, coldPauseMs);
        Console.WriteLine(JsonSerializer.Serialize(sample, JsonOptions));
        return 0;
    }

    internal sealed record Sample(
        int Assets,
        int Flows,
        int Findings,
        double GenerateMs,
        double AssessColdMs,
        double AssessWarmMs,
        long PeakWorkingSetAfterAssess,
        long YamlBytes,
        double LoadMs,
        long PeakWorkingSetAfterLoad,
        double AssessColdCpuMs = 0,
        double AssessWarmCpuMs = 0,
        int AssessColdGcs = 0,
        double AssessColdGcPauseMs = 0);
}
