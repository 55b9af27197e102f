using System.CommandLine;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using Palisade.Cli;
using Palisade.Tests.Edge;

namespace Palisade.Tests.Simulation;

/// <summary>
/// <c>palisade simulate</c> against a real server over mutual TLS: the devices connect with the certificates the CLI
/// issued, publish telemetry an authorised application receives, and the report says how the broker answered.
/// </summary>
public sealed class SimulateCommandTests(SecuredServerFixture fixture) : IClassFixture<SecuredServerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    internal static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await PalisadeCommandLine.CreateRootCommand().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Simulated_devices_connect_with_their_certificates_and_their_telemetry_reaches_an_application()
    {
        var org = fixture.AddParticipant();
        var devices = Path.Combine(Path.GetTempPath(), "palisade-tests", SecuredServerFixture.NewId("sim"));
        var first = SecuredServerFixture.NewId("press");
        var second = SecuredServerFixture.NewId("lathe");
        fixture.Cli(0, "device", "add", first, "--participant", org, "--out", devices);
        fixture.Cli(0, "device", "add", second, "--participant", org, "--out", devices);
        var app = SecuredServerFixture.NewId("mes");
        var secret = fixture.AddApplication(org, app, "subscribe:telemetry");
        using var timeout = new CancellationTokenSource(Timeout);

        var factory = new MqttClientFactory();
        using var reader = factory.CreateMqttClient();
        var received = new List<(string Topic, string Payload)>();
        reader.ApplicationMessageReceivedAsync += e =>
        {
            lock (received)
            {
                received.Add((e.ApplicationMessage.Topic, e.ApplicationMessage.ConvertPayloadToString()));
            }

            return Task.CompletedTask;
        };
        var readerOptions = fixture.MutualTlsOptions(app, null);
        readerOptions.Credentials = new MqttClientCredentials(app, System.Text.Encoding.UTF8.GetBytes(secret));
        await reader.ConnectAsync(readerOptions, timeout.Token);
        await reader.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter($"p/{org}/d/+/telemetry/#", MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);

        var (exit, output, error) = await RunAsync("simulate", "--participant", org, "--devices", devices,
            "--server", $"127.0.0.1:{fixture.Server.TlsPort}", "--server-cert", fixture.Server.CertificatePath,
            "--messages", "5", "--rate", "20", "--json");

        Assert.True(exit == 0, error + output);
        using var report = JsonDocument.Parse(output);
        Assert.Equal(2, report.RootElement.GetProperty("connected").GetInt64());
        var valid = report.RootElement.GetProperty("outcomes").GetProperty("valid");
        Assert.True(valid.GetProperty("sent").GetInt64() >= 10);
        Assert.Equal(valid.GetProperty("sent").GetInt64(), valid.GetProperty("0x00").GetInt64());

        // Every telemetry message sent (5 per device) arrives, as JSON describing its own machine.
        for (var i = 0; i < 100 && Count(received) < 10; i++)
        {
            await Task.Delay(50, timeout.Token);
        }

        List<(string Topic, string Payload)> snapshot;
        lock (received)
        {
            snapshot = [.. received];
        }

        Assert.Equal(10, snapshot.Count);
        foreach (var device in new[] { first, second })
        {
            var mine = snapshot.Where(m => m.Topic == $"p/{org}/d/{device}/telemetry/machine").ToList();
            Assert.Equal(5, mine.Count);
            using var sample = JsonDocument.Parse(mine[0].Payload);
            Assert.Equal(device, sample.RootElement.GetProperty("machineId").GetString());
            Assert.InRange(sample.RootElement.GetProperty("temperatureC").GetDouble(), -40, 200);
        }

        await reader.DisconnectAsync(cancellationToken: timeout.Token);
    }

    [Fact]
    public async Task A_device_the_registry_does_not_know_is_reported_as_refused_at_connect()
    {
        var org = fixture.AddParticipant();
        var devices = Path.Combine(Path.GetTempPath(), "palisade-tests", SecuredServerFixture.NewId("sim"));
        var device = SecuredServerFixture.NewId("ghost");
        fixture.Cli(0, "device", "add", device, "--participant", org, "--out", devices);
        fixture.Cli(0, "device", "revoke", device, "--reason", "test");

        var (exit, output, _) = await RunAsync("simulate", "--participant", org, "--devices", devices,
            "--server", $"127.0.0.1:{fixture.Server.TlsPort}", "--server-cert", fixture.Server.CertificatePath, "--messages", "1", "--json");

        Assert.Equal(1, exit);
        using var report = JsonDocument.Parse(output);
        Assert.Equal(0, report.RootElement.GetProperty("connected").GetInt64());
        Assert.Equal(1, report.RootElement.GetProperty("connectRefused").GetInt64());
        var ended = report.RootElement.GetProperty("connectionsEnded").EnumerateObject().Single();
        Assert.StartsWith("CONNECT refused: CONNACK 0x8A", ended.Name, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5", "hs256")]
    [InlineData("5", "ed25519")]
    [InlineData("3.1.1", "es256")]
    public async Task Sealed_devices_misbehaving_on_purpose_are_refused_while_their_valid_messages_flow(string mqtt, string algorithm)
    {
        var org = fixture.AddParticipant();
        var devices = Path.Combine(Path.GetTempPath(), "palisade-tests", SecuredServerFixture.NewId("sim"));
        var keys = Path.Combine(devices, "keys");
        var device = SecuredServerFixture.NewId("mill");
        fixture.Cli(0, "device", "add", device, "--participant", org, "--out", devices);
        fixture.Cli(0, "device", "key", "add", device, "--participant", org, "--alg", algorithm, "--out", Path.Combine(keys, device));
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // the running broker reloads keys within about a second

        var (exit, output, error) = await RunAsync("simulate", "--participant", org, "--devices", devices, "--keys", keys, "--mqtt", mqtt,
            "--server", $"127.0.0.1:{fixture.Server.TlsPort}", "--server-cert", fixture.Server.CertificatePath,
            "--messages", "12", "--rate", "50", "--misbehave", "tamper,replay,stale", "--misbehave-every", "3", "--json");

        Assert.True(exit == 0, error + output);
        using var report = JsonDocument.Parse(output);
        var outcomes = report.RootElement.GetProperty("outcomes");
        long Outcome(string kind, string outcome) =>
            outcomes.TryGetProperty(kind, out var row) && row.TryGetProperty(outcome, out var n) ? n.GetInt64() : 0;

        Assert.Equal(1, report.RootElement.GetProperty("connected").GetInt64());
        Assert.True(Outcome("valid", "sent") >= 8, output);
        Assert.Equal(Outcome("valid", "sent"), Outcome("valid", "0x00"));
        Assert.Equal(0, Outcome("valid", "unanswered"));
        if (mqtt == "5")
        {
            // MQTT 5 carries each refusal's reason code (docs/admission.md).
            Assert.Equal((1L, 1L), (Outcome("tamper", "sent"), Outcome("tamper", "0x87")));
            Assert.Equal((1L, 1L), (Outcome("replay", "sent"), Outcome("replay", "0x83")));
            Assert.Equal((1L, 1L), (Outcome("stale", "sent"), Outcome("stale", "0x83")));
        }
        else
        {
            // 3.1.1 has no refusal codes: the broker acknowledges and drops; the audit log holds the refusals.
            Assert.Equal(1, Outcome("tamper", "0x00"));
        }

        await fixture.WaitForAuditAsync(r => r.Action == "publish" && r.Actor.Contains(device, StringComparison.Ordinal) && (r.Reason ?? "").Contains("integrity.tag-mismatch", StringComparison.Ordinal), "tamper refusal");
        await fixture.WaitForAuditAsync(r => r.Action == "publish" && r.Actor.Contains(device, StringComparison.Ordinal) && (r.Reason ?? "").Contains("replay.duplicate", StringComparison.Ordinal), "replay refusal");
        await fixture.WaitForAuditAsync(r => r.Action == "publish" && r.Actor.Contains(device, StringComparison.Ordinal) && (r.Reason ?? "").Contains("replay.stale", StringComparison.Ordinal), "stale refusal");
    }

    [Theory]
    [InlineData("--rate", "0", "--rate")]
    [InlineData("--duration", "ten", "--duration")]
    [InlineData("--misbehave", "explode", "--misbehave")]
    [InlineData("--devices", "/nonexistent/palisade-devices", "--devices")]
    public async Task Bad_options_exit_2_naming_the_option(string option, string value, string named)
    {
        var args = new List<string> { "simulate", "--participant", "acme", "--server", "127.0.0.1:1" };
        if (option != "--devices")
        {
            args.AddRange(["--plain-tcp"]);
        }

        args.AddRange([option, value]);
        var (exit, _, error) = await RunAsync([.. args]);

        Assert.Equal(2, exit);
        Assert.StartsWith("simulate: " + named + ":", error, StringComparison.Ordinal);
    }

    private static int Count(List<(string, string)> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }
}
