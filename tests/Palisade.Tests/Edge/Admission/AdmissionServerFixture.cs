using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Palisade.Tests.Edge.Admission;

/// <summary>
/// One real server with identity on and admission configured as an operator would (docs/admission.md): telemetry
/// checked against samples/schemas/telemetry.schema.json with a 2 KiB limit, integrity required for device class
/// "sensor", and a participant "floodorg" with a tight rate (5 messages/s, burst 5) whose devices are banned after
/// 10 refusals within a minute.
/// </summary>
public sealed class AdmissionServerFixture : IAsyncLifetime
{
    public const string FloodParticipant = "floodorg";
    public const int TelemetryLimit = 2048;

    /// <summary>The error text of the SQLite trigger a test uses to make the telemetry store refuse a device's rows.</summary>
    public const string StoreFailureText = "test refuses";

    private readonly string _schemaDirectory = Path.Combine(Path.GetTempPath(), "palisade-tests", SecuredServerFixture.NewId("schemas"));
    private SecuredServerFixture? _secured;

    public SecuredServerFixture Secured => _secured ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_schemaDirectory);
        var schema = Path.Combine(_schemaDirectory, "telemetry.schema.json");
        File.Copy(Path.Combine(RepositoryRoot(), "samples", "schemas", "telemetry.schema.json"), schema);
        _secured = new SecuredServerFixture(o =>
        {
            o.Settings["Palisade:Admission:TopicClasses:telemetry:JsonSchema"] = schema;
            o.Settings["Palisade:Admission:TopicClasses:telemetry:MaxPayloadBytes"] = TelemetryLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
            o.Settings["Palisade:Admission:Integrity:RequiredForDeviceClasses:0"] = "sensor";
            o.Settings[$"Palisade:Admission:RateLimits:Participants:{FloodParticipant}:MessagesPerSecond"] = "5";
            o.Settings[$"Palisade:Admission:RateLimits:Participants:{FloodParticipant}:MessageBurst"] = "5";
            o.Settings["Palisade:Admission:RateLimits:FlappingRefusals"] = "10";
            o.Settings["Palisade:Admission:RateLimits:FlappingWindowSeconds"] = "60";
            o.Settings["Palisade:Admission:Audit:RecordsPerDevicePerMinute"] = "100";
            // A test makes the real telemetry store fail with a trigger whose message is this text.
            o.ExpectedErrors.Add(l => l.Exception?.Message.Contains(StoreFailureText, StringComparison.Ordinal) == true);
        });
        await _secured.InitializeAsync();
        Secured.Cli(0, "participant", "add", FloodParticipant);
    }

    public async Task DisposeAsync()
    {
        if (_secured is not null)
        {
            await _secured.DisposeAsync();
        }

        try
        {
            Directory.Delete(_schemaDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    /// <summary>A schema-valid telemetry sample.</summary>
    public static string Telemetry(long counter, string state = "running") =>
        $$"""{"machineId":"press-1","ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"state":"{{state}}","temperatureC":21.5,"counter":{{counter}}}""";

    /// <summary>An application of <paramref name="participant"/> subscribed to all its devices' telemetry; messages arrive in <see cref="Subscriber.Messages"/>.</summary>
    public async Task<Subscriber> SubscribeAsync(string participant, CancellationToken cancellationToken)
    {
        var app = SecuredServerFixture.NewId("dash");
        var secret = Secured.AddApplication(participant, app, "subscribe:telemetry", "subscribe:events");
        var client = new MqttClientFactory().CreateMqttClient();
        var messages = Channel.CreateUnbounded<MqttApplicationMessage>();
        client.ApplicationMessageReceivedAsync += e =>
        {
            messages.Writer.TryWrite(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        var options = Secured.MutualTlsOptions(app, null);
        options.Credentials = new MqttClientCredentials(app, System.Text.Encoding.UTF8.GetBytes(secret));
        await client.ConnectAsync(options, cancellationToken);
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter($"p/{participant}/d/+/telemetry/#", MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter($"p/{participant}/d/+/events/#", MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken);
        return new Subscriber(client, messages.Reader);
    }

    /// <summary>Registers a certificate device and connects it over mutual TLS.</summary>
    public async Task<(IMqttClient Client, X509Certificate2 Certificate)> ConnectDeviceAsync(string participant, string device, MqttProtocolVersion version, CancellationToken cancellationToken, params string[] extra)
    {
        var certificate = SecuredServerFixture.LoadDeviceCertificate(Secured.AddCertificateDevice(participant, device, extra), device);
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(Secured.MutualTlsOptions(device, certificate, version), cancellationToken);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return (client, certificate);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Palisade.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Palisade.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A subscribed application.</summary>
    public sealed class Subscriber(IMqttClient client, ChannelReader<MqttApplicationMessage> messages) : IDisposable
    {
        public IMqttClient Client => client;

        public ChannelReader<MqttApplicationMessage> Messages => messages;

        /// <summary>The next message (bounded wait).</summary>
        public async Task<MqttApplicationMessage> NextAsync(CancellationToken cancellationToken) => await messages.ReadAsync(cancellationToken);

        public void Dispose() => client.Dispose();
    }
}
