using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Data.Sqlite;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Palisade.Infrastructure.Audit;
using Palisade.Tests.TestSupport;

namespace Palisade.Tests.Edge;

/// <summary>
/// Issue 3 end to end over real mutual TLS: the running server (identity on, as shipped), devices and applications
/// provisioned with the CLI, MQTTnet and mosquitto clients. Each refusal is checked for its MQTT reason code AND its
/// audit record.
/// </summary>
public sealed class MutualTlsAdmissionTests(SecuredServerFixture fixture) : IClassFixture<SecuredServerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly MqttClientFactory _factory = new();

    [Fact]
    public async Task Device_with_platform_certificate_is_admitted_and_its_telemetry_reaches_an_authorised_application()
    {
        var org = fixture.AddParticipant();
        var device = SecuredServerFixture.NewId("plc");
        var app = SecuredServerFixture.NewId("dash");
        using var certificate = SecuredServerFixture.LoadDeviceCertificate(fixture.AddCertificateDevice(org, device), device);
        var secret = fixture.AddApplication(org, app, "subscribe:telemetry");
        using var timeout = new CancellationTokenSource(Timeout);

        using var reader = _factory.CreateMqttClient();
        var received = new TaskCompletionSource<MqttApplicationMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        reader.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        var readerOptions = fixture.MutualTlsOptions(app, null);
        readerOptions.Credentials = new MqttClientCredentials(app, System.Text.Encoding.UTF8.GetBytes(secret));
        Assert.Equal(MqttClientConnectResultCode.Success, (await reader.ConnectAsync(readerOptions, timeout.Token)).ResultCode);
        var subscribe = await reader.SubscribeAsync(_factory.CreateSubscribeOptionsBuilder()
            .WithTopicFilter($"p/{org}/d/+/telemetry/#", MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, Assert.Single(subscribe.Items).ResultCode);

        using var client = _factory.CreateMqttClient();
        var connect = await client.ConnectAsync(fixture.MutualTlsOptions(device, certificate), timeout.Token);
        Assert.Equal(MqttClientConnectResultCode.Success, connect.ResultCode);
        var publish = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic($"p/{org}/d/{device}/telemetry/temperature").WithPayload("21.5")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);
        Assert.True(publish.IsSuccess, publish.ReasonCode.ToString());

        var message = await received.Task.WaitAsync(timeout.Token);
        Assert.Equal($"p/{org}/d/{device}/telemetry/temperature", message.Topic);
        Assert.Equal("21.5", message.ConvertPayloadToString());
        var audit = await fixture.WaitForAuditAsync(r => r.Action == "connect" && r.Target == "client:" + device && r.Outcome == AuditOutcome.Success, "admitted device");
        Assert.Equal($"device:{org}/{device}", audit.Actor);
        Assert.Contains("certificate", audit.Reason, StringComparison.OrdinalIgnoreCase);
        await client.DisconnectAsync(cancellationToken: timeout.Token);
        await reader.DisconnectAsync(cancellationToken: timeout.Token);
    }

    [Fact]
    public async Task Certificate_from_an_unknown_CA_is_refused_with_0x87_and_audited()
    {
        var org = fixture.AddParticipant();
        var device = SecuredServerFixture.NewId("plc");
        fixture.AddCertificateDevice(org, device);
        var (caCert, caKey) = TestPki.CreateCa("rogue-ca");
        using (caCert)
        using (caKey)
        using (var forged = LeafWithKey(caCert, device, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30)))
        {
            await AssertConnectRefusedAsync(device, forged, MqttClientConnectResultCode.NotAuthorized, 0x87, "UnknownCertificateAuthority");
        }
    }

    [Fact]
    public async Task Expired_certificate_is_refused_with_0x87_and_audited()
    {
        var (caCert, caKey) = TestPki.CreateCa("own-ca", DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddYears(2));
        using (caCert)
        using (caKey)
        {
            // The participant's own CA (objective 8.1 c) lets the test choose the validity of the device certificate.
            var caFile = Path.Combine(Path.GetTempPath(), "palisade-tests", SecuredServerFixture.NewId("ca") + ".crt");
            Directory.CreateDirectory(Path.GetDirectoryName(caFile)!);
            await File.WriteAllTextAsync(caFile, TestPki.ToPem(caCert));
            var org = fixture.AddParticipant("--ca", caFile);
            var device = SecuredServerFixture.NewId("plc");
            fixture.Cli(0, "device", "add", device, "--participant", org);
            using var expired = LeafWithKey(caCert, device, DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));
            await AssertConnectRefusedAsync(device, expired, MqttClientConnectResultCode.NotAuthorized, 0x87, "CertificateExpired");
        }
    }

    [Fact]
    public async Task Revoked_device_is_refused_with_0x8A_banned_and_audited()
    {
        var org = fixture.AddParticipant();
        var device = SecuredServerFixture.NewId("plc");
        using var certificate = SecuredServerFixture.LoadDeviceCertificate(fixture.AddCertificateDevice(org, device), device);
        fixture.Cli(0, "device", "revoke", device, "--reason", "stolen");
        await AssertConnectRefusedAsync(device, certificate, MqttClientConnectResultCode.Banned, 0x8A, "Revoked");
    }

    [Fact]
    public async Task Client_id_other_than_the_device_id_is_refused_with_0x85_and_audited()
    {
        var org = fixture.AddParticipant();
        var device = SecuredServerFixture.NewId("plc");
        using var certificate = SecuredServerFixture.LoadDeviceCertificate(fixture.AddCertificateDevice(org, device), device);
        await AssertConnectRefusedAsync(device + "-impostor", certificate, MqttClientConnectResultCode.ClientIdentifierNotValid, 0x85, "ClientIdMismatch");
    }

    [Fact]
    public async Task Suspended_device_is_refused_with_0x87_and_audited()
    {
        var org = fixture.AddParticipant();
        var device = SecuredServerFixture.NewId("plc");
        using var certificate = SecuredServerFixture.LoadDeviceCertificate(fixture.AddCertificateDevice(org, device), device);
        // No CLI verb suspends yet; the registry state is what admission reads, so set it as an administrator would.
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(fixture.Data, "palisade.db")};Pooling=False"))
        {
            connection.Open();
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE devices SET state = 'suspended' WHERE id = $id";
            update.Parameters.AddWithValue("$id", device);
            Assert.Equal(1, update.ExecuteNonQuery());
        }
        await AssertConnectRefusedAsync(device, certificate, MqttClientConnectResultCode.NotAuthorized, 0x87, "DeviceSuspended");
    }

    [Fact]
    public async Task Device_connecting_from_outside_its_allowlist_is_refused_with_0x87_and_audited()
    {
        var org = fixture.AddParticipant();
        var device = SecuredServerFixture.NewId("plc");
        using var certificate = SecuredServerFixture.LoadDeviceCertificate(fixture.AddCertificateDevice(org, device, "--allow", "10.0.0.0/8"), device);
        var audit = await AssertConnectRefusedAsync(device, certificate, MqttClientConnectResultCode.NotAuthorized, 0x87, "SourceAddressNotAllowed");
        Assert.Equal("127.0.0.1", audit.SourceAddress);
    }

    [Theory]
    [InlineData("#")]
    [InlineData("+/+/d/+/telemetry/#")]
    [InlineData("p/+/d/+/telemetry/#")]
    [InlineData("p/OTHER/#")]
    [InlineData("$share/g/p/OTHER/#")]
    [InlineData("$SYS/#")]
    public async Task Device_subscription_outside_its_own_commands_is_refused_with_0x87_and_audited(string filterTemplate)
    {
        var org = fixture.AddParticipant();
        var other = fixture.AddParticipant();
        var device = SecuredServerFixture.NewId("plc");
        var filter = filterTemplate.Replace("OTHER", other, StringComparison.Ordinal);
        using var certificate = SecuredServerFixture.LoadDeviceCertificate(fixture.AddCertificateDevice(org, device), device);
        using var timeout = new CancellationTokenSource(Timeout);
        using var client = _factory.CreateMqttClient();
        await client.ConnectAsync(fixture.MutualTlsOptions(device, certificate), timeout.Token);

        var result = await client.SubscribeAsync(_factory.CreateSubscribeOptionsBuilder()
            .WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter($"p/{org}/d/{device}/commands/#", MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);

        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, result.Items.Single(i => i.TopicFilter.Topic == filter).ResultCode);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, result.Items.Single(i => i.TopicFilter.Topic != filter).ResultCode); // its own command topic still works
        var audit = await fixture.WaitForAuditAsync(r => r.Action == "subscribe" && r.Target == filter && r.Actor == $"device:{org}/{device}", "refused subscription " + filter);
        Assert.Equal(AuditOutcome.Refused, audit.Outcome);
        Assert.StartsWith("0x87", audit.Reason, StringComparison.Ordinal);
        await client.DisconnectAsync(cancellationToken: timeout.Token);
    }

    [Theory]
    [InlineData("p/OTHER/d/DEVICE/telemetry/temperature")]
    [InlineData("p/OTHER/d/x/commands/reboot")]
    [InlineData("p/OWN/d/DEVICE/commands/reboot")]
    public async Task Device_publish_outside_its_own_telemetry_is_refused_with_0x87_puback_and_audited(string topicTemplate)
    {
        var org = fixture.AddParticipant();
        var other = fixture.AddParticipant();
        var device = SecuredServerFixture.NewId("plc");
        var topic = topicTemplate.Replace("OTHER", other, StringComparison.Ordinal).Replace("OWN", org, StringComparison.Ordinal).Replace("DEVICE", device, StringComparison.Ordinal);
        using var certificate = SecuredServerFixture.LoadDeviceCertificate(fixture.AddCertificateDevice(org, device), device);
        using var timeout = new CancellationTokenSource(Timeout);
        using var client = _factory.CreateMqttClient();
        await client.ConnectAsync(fixture.MutualTlsOptions(device, certificate), timeout.Token);

        var result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload("x")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, result.ReasonCode);
        var audit = await fixture.WaitForAuditAsync(r => r.Action == "publish" && r.Target == topic && r.Actor == $"device:{org}/{device}", "refused publish " + topic);
        Assert.Equal(AuditOutcome.Refused, audit.Outcome);
        Assert.StartsWith("0x87", audit.Reason, StringComparison.Ordinal);
        await client.DisconnectAsync(cancellationToken: timeout.Token);
    }

    [Fact]
    public async Task Weak_imported_secret_is_refused_by_the_cli_and_audited()
    {
        var org = fixture.AddParticipant();
        var device = SecuredServerFixture.NewId("meter");
        var file = Path.Combine(Path.GetTempPath(), "palisade-tests", SecuredServerFixture.NewId("secret"));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, "admin\n");

        var result = fixture.Cli(2, "device", "add", device, "--participant", org, "--import-secret-file", file);

        Assert.Contains("weak", result.Error, StringComparison.OrdinalIgnoreCase);
        var audit = await fixture.WaitForAuditAsync(r => r.Action == "device.add" && r.Outcome == AuditOutcome.Refused && r.Reason!.Contains("weak", StringComparison.OrdinalIgnoreCase), "refused weak secret");
        Assert.Equal(AuditOutcome.Refused, audit.Outcome);
        fixture.Cli(0, "device", "list", "--participant", org);
        Assert.DoesNotContain(device, fixture.Cli(0, "device", "list", "--participant", org).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoking_a_connected_device_disconnects_it_within_one_second_with_banned()
    {
        var org = fixture.AddParticipant();
        var device = SecuredServerFixture.NewId("plc");
        using var certificate = SecuredServerFixture.LoadDeviceCertificate(fixture.AddCertificateDevice(org, device), device);
        using var timeout = new CancellationTokenSource(Timeout);
        using var client = _factory.CreateMqttClient();
        var disconnected = new TaskCompletionSource<(MqttClientDisconnectedEventArgs Args, TimeSpan At)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = new Stopwatch();
        client.DisconnectedAsync += e =>
        {
            disconnected.TrySetResult((e, clock.Elapsed));
            return Task.CompletedTask;
        };
        Assert.Equal(MqttClientConnectResultCode.Success, (await client.ConnectAsync(fixture.MutualTlsOptions(device, certificate), timeout.Token)).ResultCode);

        // The CLI opens the registry with its own connection, exactly as a second process would.
        clock.Start();
        fixture.Cli(0, "device", "revoke", device, "--reason", "compromised");
        var (args, at) = await disconnected.Task.WaitAsync(timeout.Token);

        Assert.True(at < TimeSpan.FromSeconds(1), $"disconnected {at.TotalMilliseconds:F0} ms after the revoke command; issue 3 requires < 1 s");
        Assert.Equal(0x8A, (int)args.Reason); // DISCONNECT reason 0x8A banned
        var audit = await fixture.WaitForAuditAsync(r => r.Action == "session.end" && r.Target == "client:" + device, "revoked session");
        Assert.StartsWith("0x8A", audit.Reason, StringComparison.Ordinal);

        // ...and the reconnect is refused.
        Assert.Equal(MqttClientConnectResultCode.Banned, await ConnectRefusalAsync(device, certificate, timeout.Token));
    }

    [Fact]
    public async Task Mosquitto_device_publishes_over_mutual_TLS_and_mosquitto_application_reads_with_its_secret()
    {
        var org = fixture.AddParticipant();
        var device = SecuredServerFixture.NewId("plc");
        var app = SecuredServerFixture.NewId("dash");
        var dir = fixture.AddCertificateDevice(org, device);
        var secret = fixture.AddApplication(org, app, "subscribe:telemetry");
        var topic = $"p/{org}/d/{device}/telemetry/temperature";

        await using var reader = await MosquittoClient.SubscribeAsync(fixture.Server, [$"p/{org}/d/+/telemetry/#"], count: 1, timeoutSeconds: 15,
            extraArguments: ["-i", app, "-u", app, "-P", secret]);
        var publishArguments = MosquittoClient.TlsArguments(fixture.Server);
        publishArguments.AddRange(["--cert", Path.Combine(dir, device + ".crt"), "--key", Path.Combine(dir, device + ".key"), "-i", device, "-t", topic, "-m", "21.5", "-q", "1"]);
        var (exitCode, publisher) = await MosquittoClient.RunAsync("mosquitto_pub", publishArguments, Timeout);
        await using (publisher)
        {
            Assert.True(exitCode == 0, $"mosquitto_pub exited {exitCode}: {publisher.Error}");
        }

        await reader.WaitForLineAsync(l => l.StartsWith("MSG|", StringComparison.Ordinal), Timeout);
        var message = Assert.Single(reader.Messages);
        Assert.Equal(topic, message.Topic);
        Assert.Equal("21.5", message.Payload);
    }

    [Fact]
    public async Task Mosquitto_device_without_a_certificate_is_refused()
    {
        var org = fixture.AddParticipant();
        var device = SecuredServerFixture.NewId("plc");
        fixture.AddCertificateDevice(org, device);
        var arguments = MosquittoClient.TlsArguments(fixture.Server);
        arguments.AddRange(["-i", device, "-t", $"p/{org}/d/{device}/telemetry/t", "-m", "1", "-q", "1"]);
        var (exitCode, publisher) = await MosquittoClient.RunAsync("mosquitto_pub", arguments, Timeout);
        await using (publisher)
        {
            Assert.NotEqual(0, exitCode);
        }
        var audit = await fixture.WaitForAuditAsync(r => r.Action == "connect" && r.Target == "client:" + device, "anonymous connect");
        Assert.Equal(AuditOutcome.Refused, audit.Outcome);
    }

    [Fact]
    public async Task Certificate_in_use_refuses_a_second_connection_and_is_released_when_the_first_ends()
    {
        var org = fixture.AddParticipant();
        var device = SecuredServerFixture.NewId("plc");
        using var certificate = SecuredServerFixture.LoadDeviceCertificate(fixture.AddCertificateDevice(org, device), device);
        using var timeout = new CancellationTokenSource(Timeout);
        using var first = _factory.CreateMqttClient();
        Assert.Equal(MqttClientConnectResultCode.Success, (await first.ConnectAsync(fixture.MutualTlsOptions(device, certificate), timeout.Token)).ResultCode);

        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await ConnectRefusalAsync(device, certificate, timeout.Token));
        var alert = await fixture.WaitForAuditAsync(r => r.Action == "certificate.shared" && r.Target == "device:" + device, "shared certificate");
        Assert.Equal(AuditOutcome.Alert, alert.Outcome);

        // The host reports the end of the first connection to the hooks, which frees the certificate.
        await first.DisconnectAsync(cancellationToken: timeout.Token);
        MqttClientConnectResult? again = null;
        for (var attempt = 0; attempt < 50 && again?.ResultCode != MqttClientConnectResultCode.Success; attempt++)
        {
            using var retry = _factory.CreateMqttClient();
            again = await retry.ConnectAsync(fixture.MutualTlsOptions(device, certificate), timeout.Token);
            if (again.ResultCode == MqttClientConnectResultCode.Success)
            {
                await retry.DisconnectAsync(cancellationToken: timeout.Token);
                break;
            }
            await Task.Delay(100, timeout.Token);
        }
        Assert.Equal(MqttClientConnectResultCode.Success, again?.ResultCode);
    }

    [Theory]
    [InlineData("p/OTHER/d/+/telemetry/#")]
    [InlineData("$share/g/p/OTHER/#")]
    [InlineData("#")]
    public async Task Application_cannot_subscribe_beyond_its_participant(string filterTemplate)
    {
        var org = fixture.AddParticipant();
        var other = fixture.AddParticipant();
        var app = SecuredServerFixture.NewId("dash");
        var secret = fixture.AddApplication(org, app, "subscribe:telemetry");
        var filter = filterTemplate.Replace("OTHER", other, StringComparison.Ordinal);
        using var timeout = new CancellationTokenSource(Timeout);
        using var client = _factory.CreateMqttClient();
        var options = fixture.MutualTlsOptions(app, null);
        options.Credentials = new MqttClientCredentials(app, System.Text.Encoding.UTF8.GetBytes(secret));
        Assert.Equal(MqttClientConnectResultCode.Success, (await client.ConnectAsync(options, timeout.Token)).ResultCode);

        var result = await client.SubscribeAsync(_factory.CreateSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);

        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, Assert.Single(result.Items).ResultCode);
        var audit = await fixture.WaitForAuditAsync(r => r.Action == "subscribe" && r.Target == filter && r.Actor == $"application:{org}/{app}", "refused application subscription");
        Assert.StartsWith("0x87", audit.Reason, StringComparison.Ordinal);
        await client.DisconnectAsync(cancellationToken: timeout.Token);
    }

    [Fact]
    public async Task Revoking_a_connected_application_disconnects_it_with_administrative_action()
    {
        var org = fixture.AddParticipant();
        var app = SecuredServerFixture.NewId("dash");
        var secret = fixture.AddApplication(org, app, "subscribe:telemetry");
        using var timeout = new CancellationTokenSource(Timeout);
        using var client = _factory.CreateMqttClient();
        var disconnected = new TaskCompletionSource<MqttClientDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.DisconnectedAsync += e =>
        {
            disconnected.TrySetResult(e);
            return Task.CompletedTask;
        };
        var options = fixture.MutualTlsOptions(app, null);
        options.Credentials = new MqttClientCredentials(app, System.Text.Encoding.UTF8.GetBytes(secret));
        Assert.Equal(MqttClientConnectResultCode.Success, (await client.ConnectAsync(options, timeout.Token)).ResultCode);

        fixture.Cli(0, "app", "revoke", app);
        var args = await disconnected.Task.WaitAsync(timeout.Token);

        Assert.Equal(MqttClientDisconnectReason.AdministrativeAction, args.Reason);
        var audit = await fixture.WaitForAuditAsync(r => r.Action == "session.end" && r.Target == "client:" + app, "revoked application session");
        Assert.StartsWith("0x98", audit.Reason, StringComparison.Ordinal);
    }

    private async Task<AuditRecord> AssertConnectRefusedAsync(string clientId, X509Certificate2 certificate, MqttClientConnectResultCode expected, byte reasonByte, string refusal)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        Assert.Equal(expected, await ConnectRefusalAsync(clientId, certificate, timeout.Token));

        var audit = await fixture.WaitForAuditAsync(r => r.Action == "connect" && r.Target == "client:" + clientId, "refused connect of " + clientId);
        Assert.Equal(AuditOutcome.Refused, audit.Outcome);
        Assert.StartsWith($"0x{reasonByte:X2}", audit.Reason, StringComparison.Ordinal);
        Assert.Contains(refusal, audit.Reason, StringComparison.Ordinal);
        return audit;
    }

    /// <summary>Connects, expecting a refusal; returns the CONNACK result code (MQTTnet reports it with the disconnect event).</summary>
    private async Task<MqttClientConnectResultCode?> ConnectRefusalAsync(string clientId, X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        using var client = _factory.CreateMqttClient();
        MqttClientConnectResult? connack = null;
        client.DisconnectedAsync += e =>
        {
            connack ??= e.ConnectResult;
            return Task.CompletedTask;
        };
        try
        {
            // MQTTnet 5 returns a refused CONNACK as a result; older paths throw with the result on the disconnect event.
            var result = await client.ConnectAsync(fixture.MutualTlsOptions(clientId, certificate), cancellationToken);
            Assert.False(client.IsConnected);
            return result.ResultCode;
        }
        catch (MqttConnectingFailedException)
        {
            return connack?.ResultCode;
        }
    }

    /// <summary>A client certificate (with its private key) for CN = <paramref name="cn"/>, signed by a CA the test made.</summary>
    private static X509Certificate2 LeafWithKey(X509Certificate2 caCertWithKey, string cn, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + cn, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var certificate = request.Create(caCertWithKey, notBefore, notAfter, serial);
        return certificate.CopyWithPrivateKey(key);
    }
}
