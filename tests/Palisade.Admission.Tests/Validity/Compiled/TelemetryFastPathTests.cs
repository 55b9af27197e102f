using System.Globalization;
using System.Text;
using Palisade.Admission.Validity;
using Palisade.Admission.Validity.Compiled;

namespace Palisade.Admission.Tests.Validity.Compiled;

/// <summary>
/// The point of the compiled path: the sample telemetry schema compiles, and what the simulator and the load
/// generator send is answered Valid by it (not Unsure), so those payloads never reach JsonSchema.Net. The payloads
/// are built here in the two shapes those tools write (src/Palisade/Simulation/MachineModel.TelemetryJson,
/// bench/Palisade.LoadGen/Wire/TelemetryBody), which this project cannot reference; tests/Palisade.Tests checks the
/// simulator's own output.
/// </summary>
public sealed class TelemetryFastPathTests
{
    private static readonly string[] States = ["idle", "starting", "running", "fault"];

    private static readonly Lazy<SchemaPair> Telemetry = new(() => SchemaPair.Of(File.ReadAllText(Contexts.RepoFile("samples/schemas/telemetry.schema.json"))));

    [Fact]
    public void The_sample_telemetry_schema_is_compiled()
    {
        var registry = JsonSchemaRegistry.LoadFiles([new("telemetry", Contexts.RepoFile("samples/schemas/telemetry.schema.json"))]);
        Assert.True(registry.IsCompiled("telemetry"));
        Assert.Null(registry.NotCompiledBecause("telemetry"));
    }

    [Fact]
    public void Simulator_shaped_telemetry_is_answered_valid_by_the_compiled_path()
    {
        var pair = Telemetry.Value;
        for (var i = 0; i < 3_000; i++)
        {
            var state = States[i % States.Length];
            var temperature = Math.Round(20 + (i * 0.37 % 60), 2);
            var vibration = Math.Round(i % 7 == 0 ? 0 : (i * 0.013 % 9), 3);
            var rpm = state == "running" ? Math.Round(12000 + (i % 80) - 40 + 0.1 * (i % 10), 1) : 0;
            var alarm = state == "fault" ? ",\"alarm\":\"SPINDLE-OVERLOAD\"" : "";
            var json = string.Create(CultureInfo.InvariantCulture,
                $$"""{"machineId":"press-{{i % 50}}","ts":{{1764115200000L + i * 1000L}},"state":"{{state}}","temperatureC":{{temperature}},"vibrationMmS":{{vibration}},"counter":{{i * 3L}},"rejects":{{i / 50}},"spindleRpm":{{rpm}}{{alarm}}}""");
            Assert.True(pair.Fast(json) == FastVerdict.Valid, json);
            Assert.True(pair.LibraryValid(json), json);
        }
    }

    [Fact]
    public void Load_generator_shaped_telemetry_is_answered_valid_by_the_compiled_path()
    {
        var pair = Telemetry.Value;
        for (ulong sequence = 0; sequence < 500; sequence++)
        {
            var tenths = 650 + (int)(sequence % 100);
            var hundredths = 150 + (int)(sequence % 50);
            var json = string.Create(CultureInfo.InvariantCulture,
                $$"""{"machineId":"press-7","state":"running","temperatureC":{{tenths / 10}}.{{tenths % 10}},"vibrationMmS":{{hundredths / 100}}.{{hundredths / 10 % 10}}{{hundredths % 10}},"counter":{{123456789012L + (long)sequence}},"ts":{{1764115200000L + (long)sequence}}}""");
            Assert.True(pair.Fast(Encoding.UTF8.GetBytes(json)) == FastVerdict.Valid, json);
        }
    }

    [Theory]
    [InlineData("""{"machineId":"press-7","ts":1764115200000,"state":"running","temperatureC":401,"counter":1}""")]
    [InlineData("""{"machineId":"press-7","ts":1764115200000,"state":"exploded","temperatureC":40,"counter":1}""")]
    [InlineData("""{"machineId":"press-7","ts":1764115200000,"state":"running","temperatureC":40}""")]
    [InlineData("""{"machineId":"press 7","ts":1764115200000,"state":"running","temperatureC":40,"counter":1}""")]
    [InlineData("""{"machineId":"press-7","ts":1764115200000,"state":"running","temperatureC":40,"counter":1,"extra":0}""")]
    public void Invalid_telemetry_is_not_answered_valid(string json)
    {
        Assert.Equal(FastVerdict.Invalid, Telemetry.Value.Fast(json));
        Assert.False(Telemetry.Value.LibraryValid(json));
    }
}
