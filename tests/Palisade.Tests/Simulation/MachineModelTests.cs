using System.Text.Json;
using Palisade.Admission.Pipeline;
using Palisade.Admission.Validity;
using Palisade.Mqtt.Packets;
using Palisade.Simulation;

namespace Palisade.Tests.Simulation;

public sealed class MachineModelTests
{
    private static string RepositoryFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Palisade.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), relative);
    }

    [Fact]
    public void Every_sample_of_a_long_run_is_valid_against_the_published_telemetry_schema()
    {
        var stage = new ValidityStage(JsonSchemaRegistry.LoadFiles([new("telemetry", RepositoryFile("samples/schemas/telemetry.schema.json"))]), null);
        var states = new HashSet<string>(StringComparer.Ordinal);
        foreach (var seed in new[] { 1, 7, 42 })
        {
            var machine = new MachineModel("press-7", seed);
            for (var i = 0; i < 2_000; i++)
            {
                machine.Step();
                states.Add(machine.State);
                var packet = new PublishPacket { Topic = "p/acme/d/press-7/telemetry/machine", Payload = machine.TelemetryJson(DateTimeOffset.UtcNow) };
                var verdict = stage.Evaluate(new AdmissionContext(packet, "press-7", "acme", DateTimeOffset.UtcNow) { TopicClass = "telemetry" });
                Assert.True(verdict.Admitted, $"seed {seed} step {i}: {verdict.ReasonString}");
            }
        }

        // The run visited every state of the model, faults included, so the schema saw alarms too.
        Assert.Equal(["fault", "idle", "running", "starting"], states.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Same_seed_gives_the_same_telemetry_and_the_counter_only_advances_while_running()
    {
        var a = new MachineModel("lathe-2", 5);
        var b = new MachineModel("lathe-2", 5);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
        long lastCounter = 0;
        for (var i = 0; i < 1_000; i++)
        {
            a.Step();
            b.Step();
            Assert.Equal(a.TelemetryJson(at), b.TelemetryJson(at));
            if (a.State != "running")
            {
                Assert.Equal(lastCounter, a.Counter);
            }

            Assert.True(a.Counter >= lastCounter);
            lastCounter = a.Counter;
        }

        Assert.True(lastCounter > 0, "the machine never produced a part in 1,000 samples");
        using var sample = JsonDocument.Parse(a.TelemetryJson(at));
        Assert.Equal(1_800_000_000_000, sample.RootElement.GetProperty("ts").GetInt64());
    }
}
