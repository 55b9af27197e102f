using System.Text.Json;
using Palisade.Simulation;

namespace Palisade.Tests.Simulation;

public sealed class MachineModelTests
{
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
