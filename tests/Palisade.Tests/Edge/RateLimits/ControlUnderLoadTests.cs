using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Palisade.Tests.Cli;
using Palisade.Tests.TestSupport;

namespace Palisade.Tests.Edge.RateLimits;

/// <summary>
/// Traffic classes end to end over mutual TLS (threat 6.2 j): a historian application that stops acknowledging fills the
/// node's queues with telemetry past the Bulk high-water mark, and a command from a controller application still reaches
/// its device; the telemetry shed is counted and visible on GET /metrics.
/// </summary>
public sealed class ControlUnderLoadTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly MqttClientFactory _factory = new();
    private PalisadeServerFixture _server = null!;

    public async Task InitializeAsync() =>
        _server = await PalisadeServerFixture.StartAsync(o =>
        {
            o.Settings["Palisade:Identity:Enabled"] = "true";
            // A small node: Bulk is shed above 60 % of 64 KiB queued.
            o.Settings["Palisade:Broker:NodeQueuedBytesBudget"] = "65536";
            o.Settings["Palisade:Broker:MaximumQueuedMessages"] = "100000";
        });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Command_reaches_its_device_while_stalled_telemetry_fills_the_node_and_the_shed_telemetry_is_reported()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var org = Id("org");
        Cli("participant", "add", org);
        var sensor = Id("sensor");
        var plc = Id("plc");
        using var sensorCertificate = AddDevice(org, sensor);
        using var plcCertificate = AddDevice(org, plc);
        var historian = Id("hist");
        var historianSecret = AddApplication(org, historian, "subscribe:telemetry");
        var controller = Id("ctl");
        var controllerSecret = AddApplication(org, controller, "publish:commands");

        // The historian takes one QoS 1 message and never acknowledges it: everything else queues in the broker.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var historianClient = _factory.CreateMqttClient();
        historianClient.ApplicationMessageReceivedAsync += _ => release.Task;
        var historianOptions = Options(historian, null, receiveMaximum: 1);
        historianOptions.Credentials = new MqttClientCredentials(historian, Encoding.UTF8.GetBytes(historianSecret));
        await historianClient.ConnectAsync(historianOptions, timeout.Token);
        await historianClient.SubscribeAsync(_factory.CreateSubscribeOptionsBuilder()
            .WithTopicFilter($"p/{org}/d/+/telemetry/#", MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);

        var commands = new TaskCompletionSource<MqttApplicationMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var plcClient = _factory.CreateMqttClient();
        plcClient.ApplicationMessageReceivedAsync += e =>
        {
            commands.TrySetResult(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        await plcClient.ConnectAsync(Options(plc, plcCertificate), timeout.Token);
        await plcClient.SubscribeAsync(_factory.CreateSubscribeOptionsBuilder()
            .WithTopicFilter($"p/{org}/d/{plc}/commands/#", MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);

        // 200 × 1 KiB of telemetry: about 40 fit under the Bulk mark, the rest are shed at routing time.
        using var sensorClient = _factory.CreateMqttClient();
        await sensorClient.ConnectAsync(Options(sensor, sensorCertificate), timeout.Token);
        var payload = new byte[1024];
        for (var i = 0; i < 200; i++)
        {
            var result = await sensorClient.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic($"p/{org}/d/{sensor}/telemetry/vibration").WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);
            Assert.True(result.IsSuccess, result.ReasonCode.ToString());
        }

        var before = await ScrapeAsync(timeout.Token);
        Assert.True(Sample(before, "palisade_broker_deliveries_shed_total{class=\"bulk\",reason=\"node\"}") >= 100, before);

        using var controllerClient = _factory.CreateMqttClient();
        var controllerOptions = Options(controller, null);
        controllerOptions.Credentials = new MqttClientCredentials(controller, Encoding.UTF8.GetBytes(controllerSecret));
        await controllerClient.ConnectAsync(controllerOptions, timeout.Token);
        var sent = await controllerClient.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic($"p/{org}/d/{plc}/commands/stop").WithPayload("{\"line\":3}")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);
        Assert.True(sent.IsSuccess, sent.ReasonCode.ToString());

        var command = await commands.Task.WaitAsync(timeout.Token);
        Assert.Equal($"p/{org}/d/{plc}/commands/stop", command.Topic);
        var after = await ScrapeAsync(timeout.Token);
        Assert.Equal(0, Sample(after, "palisade_broker_deliveries_shed_total{class=\"control\",reason=\"node\"}"));
        Assert.Equal(0, Sample(after, "palisade_broker_deliveries_shed_total{class=\"control\",reason=\"queue\"}"));
        Assert.True(Sample(after, "palisade_broker_queued_bytes") > 65536 * 0.6, after);

        release.TrySetResult();
        await plcClient.DisconnectAsync(cancellationToken: timeout.Token);
        await sensorClient.DisconnectAsync(cancellationToken: timeout.Token);
        await controllerClient.DisconnectAsync(cancellationToken: timeout.Token);
    }

    private async Task<string> ScrapeAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = _server.HttpUri };
        using var response = await http.GetAsync(new Uri("metrics", UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private static double Sample(string text, string series)
    {
        var line = text.Split('\n').SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"no series {series} in:\n{text}");
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    private static string Id(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    private void Cli(params string[] args)
    {
        var result = CliRunner.Run([.. args, "--data", _server.DataDirectory]);
        Assert.True(result.ExitCode == 0, $"palisade {string.Join(' ', args)}: {result.Error}{result.Output}");
    }

    private X509Certificate2 AddDevice(string org, string device)
    {
        var dir = Path.Combine(Path.GetTempPath(), "palisade-tests", Id("dev"));
        Cli("device", "add", device, "--participant", org, "--out", dir);
        return X509Certificate2.CreateFromPemFile(Path.Combine(dir, device + ".crt"), Path.Combine(dir, device + ".key"));
    }

    private string AddApplication(string org, string app, string grant)
    {
        var result = CliRunner.Run("app", "add", app, "--participant", org, "--grant", grant, "--data", _server.DataDirectory);
        Assert.Equal(0, result.ExitCode);
        var line = result.Output.Split('\n').Single(l => l.StartsWith("secret: ", StringComparison.Ordinal));
        return line["secret: ".Length..].Trim();
    }

    private MqttClientOptions Options(string clientId, X509Certificate2? certificate, ushort receiveMaximum = 0)
    {
        var validate = ServerTrust.Only(_server.CertificatePath);
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", _server.TlsPort)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(clientId)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithTlsOptions(tls =>
            {
                tls.UseTls().WithTargetHost("127.0.0.1")
                    .WithCertificateValidationHandler(args => validate(this, args.Certificate, args.Chain, args.SslPolicyErrors));
                if (certificate is not null)
                {
                    tls.WithClientCertificates([certificate]).WithCertificateSelectionHandler(_ => certificate);
                }
            });
        if (receiveMaximum > 0)
        {
            builder.WithReceiveMaximum(receiveMaximum);
        }

        return builder.Build();
    }
}
