using System.Text;
using Microsoft.Data.Sqlite;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using Palisade.Admission.Integrity;
using Palisade.Infrastructure.Audit;

namespace Palisade.Tests.Edge.Admission;

/// <summary>
/// Integrity and anti-replay end to end over real mutual TLS: a device of class "sensor" (integrity required by the
/// fixture's configuration) with keys provisioned and rotated by the CLI, signing with the integrity branch's
/// <see cref="EnvelopeSigner"/>. Tampered, replayed, stale and unsigned messages are refused with the documented codes
/// and audited, while the same device's valid messages reach the subscribed application, in order.
/// </summary>
public sealed class IntegrityEndToEndTests(AdmissionServerFixture fixture) : IClassFixture<AdmissionServerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private SecuredServerFixture Secured => fixture.Secured;

    /// <summary>Registers a sensor with a certificate, adds an integrity key with the CLI and returns its signer.</summary>
    private readonly Dictionary<string, string> _certificateFolders = [];

    private (string Device, EnvelopeSigner Signer) ProvisionSensor(string org, string algorithm, KeyAlgorithm keyAlgorithm)
    {
        var device = SecuredServerFixture.NewId("sensor");
        var keys = Path.Combine(Path.GetTempPath(), "palisade-tests", SecuredServerFixture.NewId("keys"));
        _certificateFolders[device] = Secured.AddCertificateDevice(org, device, "--class", "sensor");
        Secured.Cli(0, "device", "key", "add", device, "--participant", org, "--alg", algorithm, "--out", keys);
        return (device, EnvelopeSigner.FromKeyFile("k1", keyAlgorithm, Path.Combine(keys, "k1.key")));
    }

    private async Task<IMqttClient> ConnectAsync(string device, MqttProtocolVersion version, CancellationToken cancellationToken)
    {
        // Kept for the life of the connection (the TLS session holds it).
        var certificate = SecuredServerFixture.LoadDeviceCertificate(_certificateFolders[device], device);
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(Secured.MutualTlsOptions(device, certificate, version), cancellationToken);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return client;
    }

    /// <summary>
    /// A new participant with one sensor: its key provisioned by the CLI, connected over mutual TLS in
    /// <paramref name="version"/>, and, when asked, an application of the participant subscribed to its telemetry.
    /// </summary>
    private async Task<Sensor> SensorAsync(string algorithm, KeyAlgorithm keyAlgorithm, MqttProtocolVersion version, bool withApplication, CancellationToken cancellationToken)
    {
        var org = Secured.AddParticipant();
        var (device, signer) = ProvisionSensor(org, algorithm, keyAlgorithm);
        var app = withApplication ? await fixture.SubscribeAsync(org, cancellationToken) : null;
        var client = await ConnectAsync(device, version, cancellationToken);
        return new Sensor(org, device, signer, client, $"p/{org}/d/{device}/telemetry/press", app);
    }

    private sealed record Sensor(string Org, string Device, EnvelopeSigner Signer, IMqttClient Client, string Topic, AdmissionServerFixture.Subscriber? App)
        : IDisposable
    {
        /// <summary>The subscribed application (only when it was asked for).</summary>
        public AdmissionServerFixture.Subscriber Application => App ?? throw new InvalidOperationException("the sensor was made without an application");

        public void Dispose()
        {
            Client.Dispose();
            App?.Dispose();
            Signer.Dispose();
        }
    }

    private static MqttApplicationMessage Signed(EnvelopeSigner signer, string topic, ulong sequence, string body, DateTimeOffset? timestamp = null, string? sentBody = null)
    {
        var builder = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(sentBody ?? body)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        foreach (var property in signer.CreateUserProperties(topic, sequence, timestamp ?? DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes(body)))
        {
            builder.WithUserProperty(property.Name, Encoding.UTF8.GetBytes(property.Value).AsMemory());
        }

        return builder.Build();
    }

    private async Task<AuditRecord> RefusalAuditAsync(string org, string device, string code) =>
        await Secured.WaitForAuditAsync(
            r => r.Action == "publish" && r.Actor == $"device:{org}/{device}" && r.Reason is { } reason && reason.StartsWith(code + " ", StringComparison.Ordinal),
            $"{code} refusal of {device}");

    [Fact]
    public async Task Tampered_replayed_stale_and_unsigned_messages_are_refused_and_audited_while_signed_ones_flow()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var sensor = await SensorAsync("hs256", KeyAlgorithm.HmacSha256, MqttProtocolVersion.V500, withApplication: true, timeout.Token);
        var (org, device, signer, client, topic, _) = sensor;
        var app = sensor.Application;
        var first = AdmissionServerFixture.Telemetry(1);

        var valid1 = await client.PublishAsync(Signed(signer, topic, 1, first), timeout.Token);
        var tampered = await client.PublishAsync(Signed(signer, topic, 2, AdmissionServerFixture.Telemetry(2), sentBody: AdmissionServerFixture.Telemetry(999)), timeout.Token);
        var replayed = await client.PublishAsync(Signed(signer, topic, 1, first), timeout.Token);
        var stale = await client.PublishAsync(Signed(signer, topic, 3, AdmissionServerFixture.Telemetry(3), DateTimeOffset.UtcNow.AddMinutes(-10)), timeout.Token);
        var unsigned = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(AdmissionServerFixture.Telemetry(4))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);
        var valid5 = await client.PublishAsync(Signed(signer, topic, 5, AdmissionServerFixture.Telemetry(5)), timeout.Token);

        Assert.True(valid1.IsSuccess, valid1.ReasonCode.ToString());
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, tampered.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.ImplementationSpecificError, replayed.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.ImplementationSpecificError, stale.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, unsigned.ReasonCode);
        Assert.True(valid5.IsSuccess, valid5.ReasonCode.ToString());

        // Exactly the two valid messages reach the application, in order, with the envelope forwarded unchanged.
        var one = await app.NextAsync(timeout.Token);
        var five = await app.NextAsync(timeout.Token);
        Assert.Contains("\"counter\":1}", one.ConvertPayloadToString(), StringComparison.Ordinal);
        Assert.Contains("\"counter\":5}", five.ConvertPayloadToString(), StringComparison.Ordinal);
        Assert.Contains(five.UserProperties, p => p.Name == "pal-seq" && p.ReadValueAsString() == "5");

        Assert.Contains("(0x87)", (await RefusalAuditAsync(org, device, "integrity.tag-mismatch")).Reason, StringComparison.Ordinal);
        Assert.Contains("(0x83)", (await RefusalAuditAsync(org, device, "replay.duplicate")).Reason, StringComparison.Ordinal);
        Assert.Contains("(0x83)", (await RefusalAuditAsync(org, device, "replay.stale")).Reason, StringComparison.Ordinal);
        var missing = await RefusalAuditAsync(org, device, "integrity.missing");
        Assert.Equal(AuditOutcome.Refused, missing.Outcome);
        Assert.Equal(topic, missing.Target);
        Assert.Contains("(0x99)", missing.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_message_the_store_refused_is_admitted_when_the_device_sends_it_again()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var sensor = await SensorAsync("hs256", KeyAlgorithm.HmacSha256, MqttProtocolVersion.V500, withApplication: false, timeout.Token);
        var (org, device, signer, client, topic, _) = sensor;
        var message = Signed(signer, topic, 1, AdmissionServerFixture.Telemetry(1));

        // A real SQLite failure in the real store: a trigger refuses this device's rows (as a full disk or a broken
        // file would refuse them all).
        using var telemetry = new SqliteConnection($"Data Source={Path.Combine(Secured.Data, "telemetry.db")};Pooling=False");
        telemetry.Open();
        Execute(telemetry, $"CREATE TRIGGER refuse_{device.Replace('-', '_')} BEFORE INSERT ON telemetry WHEN NEW.device = '{device}' BEGIN SELECT RAISE(ABORT, '{AdmissionServerFixture.StoreFailureText}'); END");
        var refused = await client.PublishAsync(message, timeout.Token);
        Assert.Equal(MqttClientPublishReasonCode.UnspecifiedError, refused.ReasonCode);

        // The store works again; the device sends the very same signed message (same sequence, timestamp and tag).
        Execute(telemetry, $"DROP TRIGGER refuse_{device.Replace('-', '_')}");
        var resent = await client.PublishAsync(message, timeout.Token);
        Assert.True(resent.IsSuccess, resent.ReasonCode.ToString());
        // Still one message per sequence: a third copy is a replay.
        var replayed = await client.PublishAsync(message, timeout.Token);
        Assert.Equal(MqttClientPublishReasonCode.ImplementationSpecificError, replayed.ReasonCode);

        Assert.Equal(1L, Scalar(telemetry, $"SELECT count(*) FROM telemetry WHERE device = '{device}' AND envelope_seq = 1"));
        var released = await Secured.WaitForAuditAsync(
            r => r.Actor == $"device:{org}/{device}" && r.Reason is { } reason && reason.StartsWith("admission.released:", StringComparison.Ordinal),
            "release of the refused message's sequence");
        Assert.Equal(topic, released.Target);
        Assert.Contains("sequence 1 ", released.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resend_with_DUP_of_a_delivered_message_is_acknowledged_and_not_delivered_again()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var sensor = await SensorAsync("hs256", KeyAlgorithm.HmacSha256, MqttProtocolVersion.V500, withApplication: true, timeout.Token);
        var (org, device, signer, client, topic, _) = sensor;
        var app = sensor.Application;
        // One body and one timestamp: the resend is the same signed message, byte for byte.
        var body = AdmissionServerFixture.Telemetry(1);
        var timestamp = DateTimeOffset.UtcNow;

        var first = await client.PublishAsync(Signed(signer, topic, 1, body, timestamp), timeout.Token);
        // As a client resends after its connection dropped before the PUBACK: the same message, DUP set.
        var resend = Signed(signer, topic, 1, body, timestamp);
        resend.Dup = true;
        var resent = await client.PublishAsync(resend, timeout.Token);
        // Without DUP the same bytes are a replay, as before.
        var replayed = await client.PublishAsync(Signed(signer, topic, 1, body, timestamp), timeout.Token);
        var next = await client.PublishAsync(Signed(signer, topic, 2, AdmissionServerFixture.Telemetry(2)), timeout.Token);

        Assert.True(first.IsSuccess, first.ReasonCode.ToString());
        Assert.True(resent.IsSuccess, resent.ReasonCode.ToString());
        Assert.Equal(MqttClientPublishReasonCode.ImplementationSpecificError, replayed.ReasonCode);
        Assert.True(next.IsSuccess, next.ReasonCode.ToString());
        // Delivered once: the application's next message after the first is sequence 2.
        Assert.Contains((await app.NextAsync(timeout.Token)).UserProperties, p => p.Name == "pal-seq" && p.ReadValueAsString() == "1");
        Assert.Contains((await app.NextAsync(timeout.Token)).UserProperties, p => p.Name == "pal-seq" && p.ReadValueAsString() == "2");
        var observed = await Secured.WaitForAuditAsync(
            r => r.Actor == $"device:{org}/{device}" && r.Reason is { } reason && reason.StartsWith("replay.retransmission:", StringComparison.Ordinal),
            "the resend's observation");
        Assert.Equal(AuditOutcome.Success, observed.Outcome);
        Assert.Contains("(0x83)", (await RefusalAuditAsync(org, device, "replay.duplicate")).Reason, StringComparison.Ordinal);

        // Kept once in the store as well.
        await WaitForStoredAsync(device, 2, timeout.Token);
        using var telemetry = new SqliteConnection($"Data Source={Path.Combine(Secured.Data, "telemetry.db")};Pooling=False");
        telemetry.Open();
        Assert.Equal(1L, Scalar(telemetry, $"SELECT count(*) FROM telemetry WHERE device = '{device}' AND envelope_seq = 1"));
    }

    private async Task WaitForStoredAsync(string device, int rows, CancellationToken cancellationToken)
    {
        using var telemetry = new SqliteConnection($"Data Source={Path.Combine(Secured.Data, "telemetry.db")};Pooling=False");
        telemetry.Open();
        while (Scalar(telemetry, $"SELECT count(*) FROM telemetry WHERE device = '{device}'") < rows)
        {
            await Task.Delay(20, cancellationToken);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task Ed25519_signed_compact_envelope_of_a_3_1_1_sensor_is_admitted_and_a_forged_one_dropped()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var sensor = await SensorAsync("ed25519", KeyAlgorithm.Ed25519, MqttProtocolVersion.V311, withApplication: true, timeout.Token);
        var (org, device, signer, client, topic, _) = sensor;
        var app = sensor.Application;
        var forged = signer.CreatePrefixedPayload(topic, 1, DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes(AdmissionServerFixture.Telemetry(1)));
        forged[^3] ^= 0x01; // one bit of the body changed after signing

        var refused = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(forged)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);
        var admitted = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic)
            .WithPayload(signer.CreatePrefixedPayload(topic, 2, DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes(AdmissionServerFixture.Telemetry(2))))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);

        // 3.1.1: no reason code; the forged message is acknowledged, dropped and audited; the valid one is delivered.
        Assert.True(refused.IsSuccess);
        Assert.True(admitted.IsSuccess);
        var received = await app.NextAsync(timeout.Token);
        Assert.EndsWith("\"counter\":2}", Encoding.UTF8.GetString(received.Payload), StringComparison.Ordinal);
        Assert.Contains("(0x87)", (await RefusalAuditAsync(org, device, "integrity.tag-mismatch")).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_rotated_by_the_CLI_old_key_is_accepted_within_grace_and_refused_after()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var org = Secured.AddParticipant();
        var (device, oldSigner) = ProvisionSensor(org, "hs256", KeyAlgorithm.HmacSha256);
        using var _ = oldSigner;
        var keys = Path.Combine(Path.GetTempPath(), "palisade-tests", SecuredServerFixture.NewId("keys"));
        Secured.Cli(0, "device", "key", "rotate", device, "--participant", org, "--alg", "hs256", "--out", keys, "--grace", "3s");
        using var newSigner = EnvelopeSigner.FromKeyFile("k2", KeyAlgorithm.HmacSha256, Path.Combine(keys, "k2.key"));
        var graceEnds = DateTimeOffset.UtcNow.AddSeconds(3);
        using var client = await ConnectAsync(device, MqttProtocolVersion.V500, timeout.Token);
        var topic = $"p/{org}/d/{device}/telemetry/press";

        var oldWithinGrace = await client.PublishAsync(Signed(oldSigner, topic, 1, AdmissionServerFixture.Telemetry(1)), timeout.Token);
        var newKey = await client.PublishAsync(Signed(newSigner, topic, 2, AdmissionServerFixture.Telemetry(2)), timeout.Token);
        var wait = graceEnds - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(500);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, timeout.Token);
        }

        var oldAfterGrace = await client.PublishAsync(Signed(oldSigner, topic, 3, AdmissionServerFixture.Telemetry(3)), timeout.Token);
        var newAfterGrace = await client.PublishAsync(Signed(newSigner, topic, 4, AdmissionServerFixture.Telemetry(4)), timeout.Token);

        Assert.True(oldWithinGrace.IsSuccess, oldWithinGrace.ReasonCode.ToString());
        Assert.True(newKey.IsSuccess, newKey.ReasonCode.ToString());
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, oldAfterGrace.ReasonCode);
        Assert.True(newAfterGrace.IsSuccess, newAfterGrace.ReasonCode.ToString());
        Assert.Contains("(0x87)", (await RefusalAuditAsync(org, device, "integrity.unknown-key")).Reason, StringComparison.Ordinal);
    }
}
