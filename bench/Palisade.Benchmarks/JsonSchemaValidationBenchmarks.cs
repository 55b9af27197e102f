using BenchmarkDotNet.Attributes;
using Json.Schema;
using Palisade.Admission.Validity;
using Palisade.Admission.Validity.Compiled;

namespace Palisade.Benchmarks;

/// <summary>
/// The validity stage's JSON Schema check of one telemetry payload (samples/schemas/telemetry.schema.json, a reading
/// of the simulator's shape, 200 bytes): JsonSchema.Net alone (JsonDocument + Evaluate, the path before issue 5) against
/// the compiled path (UTF-8 check + compiled streaming walk, JsonSchema.Net only for what it does not answer Valid),
/// for a valid payload and an invalid one (temperature above its maximum: compiled Invalid, then JsonSchema.Net words
/// the refusal). Run: <c>dotnet run -c Release --project bench/Palisade.Benchmarks -- --filter *JsonSchemaValidation* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class JsonSchemaValidationBenchmarks
{
    private static readonly byte[] ValidPayload =
        """{"machineId":"press-7","ts":1764115200000,"state":"running","temperatureC":68.42,"vibrationMmS":2.431,"counter":182340,"rejects":3641,"spindleRpm":12003.7}"""u8.ToArray();

    private static readonly byte[] InvalidPayload =
        """{"machineId":"press-7","ts":1764115200000,"state":"running","temperatureC":468.42,"vibrationMmS":2.431,"counter":182340,"rejects":3641,"spindleRpm":12003.7}"""u8.ToArray();

    private JsonSchema _schema = null!;
    private CompiledSchema _compiled = null!;

    [GlobalSetup]
    public void Setup()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Palisade.slnx")))
        {
            dir = dir.Parent;
        }

        var file = dir is null ? "samples/schemas/telemetry.schema.json" : Path.Combine(dir.FullName, "samples/schemas/telemetry.schema.json");
        var registry = JsonSchemaRegistry.LoadFiles([new("telemetry", file)]);
        if (!registry.TryGet("telemetry", out _schema, out var compiled) || compiled is null)
        {
            throw new InvalidOperationException("the telemetry schema did not compile: " + registry.NotCompiledBecause("telemetry"));
        }

        _compiled = compiled;
        if (JsonPayloadValidator.Validate(_schema, _compiled, ValidPayload) is not null || JsonPayloadValidator.Validate(_schema, _compiled, InvalidPayload) is null)
        {
            throw new InvalidOperationException("benchmark payloads are not what they claim");
        }
    }

    [Benchmark(Baseline = true)]
    public string? JsonSchemaNet_valid() => JsonPayloadValidator.Validate(_schema, null, ValidPayload);

    [Benchmark]
    public string? Compiled_valid() => JsonPayloadValidator.Validate(_schema, _compiled, ValidPayload);

    [Benchmark]
    public string? JsonSchemaNet_invalid() => JsonPayloadValidator.Validate(_schema, null, InvalidPayload);

    [Benchmark]
    public string? Compiled_invalid() => JsonPayloadValidator.Validate(_schema, _compiled, InvalidPayload);

    [Benchmark]
    public bool Compiled_walk_only_valid() => _compiled.Evaluate(ValidPayload) == FastVerdict.Valid;
}
