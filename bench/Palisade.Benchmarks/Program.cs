// BenchmarkDotNet micro-benchmarks (codec, routing); filled in by the benchmark work.
// --assessment runs the assessment scale benchmark (fresh process per measurement; see AssessmentScaleBenchmark).
if (args.Length > 0 && args[0] is "--assessment" or "--assessment-once")
{
    return Palisade.Benchmarks.AssessmentScaleBenchmark.Run(args);
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
