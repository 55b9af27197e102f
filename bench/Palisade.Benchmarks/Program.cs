// BenchmarkDotNet micro-benchmarks (codec, routing); filled in by the benchmark work.
BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
