using Palisade.Admission.Pipeline;
using Palisade.Admission.Validity;
using Palisade.Mqtt.Packets;
using Palisade.Simulation;

namespace Palisade.Tests.Simulation;

/// <summary>The simulator's telemetry must pass the validity stage with the sample schema, or a demonstration of
/// "schema-invalid publishes are refused" would refuse the good ones too.</summary>
public sealed class SimulatedTelemetrySchemaTests
{
    [Fact]
    public void Every_simulated_telemetry_sample_is_valid_against_the_sample_schema()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Palisade.slnx")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var schemas = JsonSchemaRegistry.LoadFiles([new("telemetry", Path.Combine(dir.FullName, "samples/schemas/telemetry.schema.json"))]);
        var stage = new ValidityStage(schemas, null);
        var now = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
        var checkedSamples = 0;
        foreach (var seed in new[] { 1, 7, 42 })
        {
            var machine = new MachineModel("press-" + seed.ToString(System.Globalization.CultureInfo.InvariantCulture), seed);
            for (var step = 0; step < 2_000; step++)
            {
                machine.Step();
                var packet = new PublishPacket { Topic = "p/acme/d/press/telemetry", Payload = machine.TelemetryJson(now.AddSeconds(step)) };
                var verdict = stage.Evaluate(new AdmissionContext(packet, "press", "acme", now) { TopicClass = "telemetry" });
                Assert.True(verdict.Admitted, $"seed {seed} step {step}: {verdict.ReasonString}");
                checkedSamples++;
            }
        }

        Assert.Equal(6_000, checkedSamples);
    }

    [Fact]
    public void Every_simulated_telemetry_sample_is_admitted_by_the_compiled_schema_without_JsonSchema_Net()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Palisade.slnx")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var schemas = JsonSchemaRegistry.LoadFiles([new("telemetry", Path.Combine(dir.FullName, "samples/schemas/telemetry.schema.json"))]);
        Assert.True(schemas.TryGet("telemetry", out _, out var compiled));
        Assert.NotNull(compiled);
        var now = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
        foreach (var seed in new[] { 1, 7, 42 })
        {
            var machine = new MachineModel("press-" + seed.ToString(System.Globalization.CultureInfo.InvariantCulture), seed);
            for (var step = 0; step < 2_000; step++)
            {
                machine.Step();
                var payload = machine.TelemetryJson(now.AddSeconds(step));
                Assert.True(
                    compiled.Evaluate(payload) == Palisade.Admission.Validity.Compiled.FastVerdict.Valid,
                    $"seed {seed} step {step}: {System.Text.Encoding.UTF8.GetString(payload)}");
            }
        }
    }
}
