// BenchmarkDotNet micro-benchmarks (codec, routing); filled in by the benchmark work.
// --assessment runs the assessment scale benchmark (fresh process per measurement; see AssessmentScaleBenchmark).
if (args.Length > 0 && args[0] is "--assessment" or "--assessment-once")
{
    return Palisade.Benchmarks.AssessmentScaleBenchmark.Run(args);
}

if (args.Length >= 3 && args[0] == "--assessment-profile")
{
    return Palisade.Benchmarks.AssessmentProfile.Profile(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args.Contains("--cold"));
}

if (args.Length >= 4 && args[0] == "--assessment-dump")
{
    return Palisade.Benchmarks.AssessmentProfile.Dump(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args[3]);
}

if (args.Length > 0 && args[0] == "--telemetry-store")
{
    return await Palisade.Benchmarks.TelemetryStoreBenchmark.RunAsync(args);
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Palisade.Benchmarks.TelemetryStoreBenchmark).Assembly).Run(args);
return 0;
