using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Palisade.Edge.Admission;
using Palisade.Tests.TestSupport;

namespace Palisade.Tests.Edge.Admission;

/// <summary>Palisade:Admission is checked at start like every other section: a bad value or a misspelt key stops the
/// server naming the key and its environment variable, so a typo can never silently switch a check off.</summary>
public sealed class AdmissionConfigurationTests
{
    private static Task<PalisadeServerFixture> StartAsync(params (string Key, string Value)[] settings) =>
        PalisadeServerFixture.StartAsync(o =>
        {
            o.WithEchoServer(new EchoMqttServer());
            foreach (var (key, value) in settings)
            {
                o.Settings[key] = value;
            }
        });

    [Theory]
    [InlineData("Palisade:Admission:TopicClasses:telemetry:MaxPayloadBytes", "0", "PALISADE__ADMISSION__TOPICCLASSES__TELEMETRY__MAXPAYLOADBYTES")]
    [InlineData("Palisade:Admission:TopicClasses:telemetri:MaxPayloadBytes", "100", "PALISADE__ADMISSION__TOPICCLASSES__TELEMETRI")]
    [InlineData("Palisade:Admission:TopicClasses:telemetry:TrafficClass", "Control", "PALISADE__ADMISSION__TOPICCLASSES__TELEMETRY__TRAFFICCLASS")]
    [InlineData("Palisade:Admission:TopicClasses:commands:TrafficClass", "Bulk", "PALISADE__ADMISSION__TOPICCLASSES__COMMANDS__TRAFFICCLASS")]
    [InlineData("Palisade:Admission:TopicClasses:telemetry:JsonSchema", "no-such.schema.json", "PALISADE__ADMISSION__TOPICCLASSES__TELEMETRY__JSONSCHEMA")]
    [InlineData("Palisade:Admission:Audit:RecordsPerDevicePerMinute", "0", "PALISADE__ADMISSION__AUDIT__RECORDSPERDEVICEPERMINUTE")]
    [InlineData("Palisade:Admission:Integrity:RequiredForDeviceClasses:0", "a/b", "PALISADE__ADMISSION__INTEGRITY__REQUIREDFORDEVICECLASSES")]
    [InlineData("Palisade:Admission:Profiles:0:RequireIntegrity", "true", "PALISADE__ADMISSION__PROFILES__0")]
    public async Task Bad_admission_value_fails_the_start_naming_the_key_and_its_environment_variable(string key, string value, string environmentVariable)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync((key, value)));

        Assert.Contains(environmentVariable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Misspelt_admission_key_fails_the_start_instead_of_being_ignored()
    {
        // "RequiredForDeviceClass" (singular): ignoring it would leave sensors unsigned while the operator believes otherwise.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(("Palisade:Admission:Integrity:RequiredForDeviceClass:0", "sensor")));

        Assert.Contains("RequiredForDeviceClass", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Topic_class_keys_are_accepted_in_upper_case_as_environment_variables_deliver_them()
    {
        // PALISADE__ADMISSION__TOPICCLASSES__TELEMETRY__MAXPAYLOADBYTES=100 reaches the configuration as "TELEMETRY".
        await using var server = await StartAsync(("Palisade:Admission:TopicClasses:TELEMETRY:MaxPayloadBytes", "100"));

        var options = server.Services.GetRequiredService<IOptions<AdmissionOptions>>().Value;
        Assert.Equal(100, options.TopicClasses["telemetry"].MaxPayloadBytes);
    }

    [Fact]
    public async Task Replay_and_rate_limit_subsections_are_part_of_the_admission_section()
    {
        await using var server = await StartAsync(
            ("Palisade:Admission:Replay:Window", "128"),
            ("Palisade:Admission:RateLimits:DeviceClasses:sensor:MessagesPerSecond", "20"),
            ("Palisade:Admission:Sparkplug:Enabled", "false"));

        var options = server.Services.GetRequiredService<IOptions<AdmissionOptions>>().Value;
        Assert.Equal(128, options.Replay.Window);
        Assert.Equal(20, options.RateLimits.DeviceClasses["sensor"].MessagesPerSecond);
        Assert.False(options.Sparkplug.Enabled);
    }

    [Fact]
    public async Task Sample_config_admission_section_is_accepted_with_its_schema_relative_to_the_file()
    {
        var sample = Path.Combine(RepositoryRoot(), "samples", "palisade.json");

        await using var server = await PalisadeServerFixture.StartAsync(o =>
        {
            o.WithEchoServer(new EchoMqttServer());
            o.ConfigFile = sample;
        });

        var options = server.Services.GetRequiredService<IOptions<AdmissionOptions>>().Value;
        Assert.Contains("sensor", options.Integrity.RequiredForDeviceClasses);
        Assert.Equal("schemas/telemetry.schema.json", options.TopicClasses["telemetry"].JsonSchema);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Palisade.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Palisade.slnx not found");
    }
}
