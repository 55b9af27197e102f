using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Palisade.Infrastructure.Audit;

namespace Palisade.Tests.Edge.Admission;

/// <summary>
/// Issue 5 acceptance over real mutual TLS: the running server (identity on, admission configured), devices and
/// applications provisioned with the CLI, MQTTnet clients. Every refusal is checked for its exact reason code
/// (docs/admission.md) and its audit record, and the same device's valid messages are shown to keep flowing to a
/// subscribed application.
/// </summary>
public sealed class AdmissionEndToEndTests(AdmissionServerFixture fixture) : IClassFixture<AdmissionServerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private SecuredServerFixture Secured => fixture.Secured;

    private static MqttApplicationMessage Message(string topic, string payload, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(qos).Build();

    private async Task<AuditRecord> RefusalAuditAsync(string org, string device, string code) =>
        await Secured.WaitForAuditAsync(
            r => r.Action == "publish" && r.Actor == $"device:{org}/{device}" && r.Reason is { } reason && reason.StartsWith(code + " ", StringComparison.Ordinal),
            $"{code} refusal of {device}");

    [Fact]
    public async Task Oversize_telemetry_is_refused_with_0x99_and_audited_while_valid_telemetry_keeps_flowing()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var org = Secured.AddParticipant();
        var device = SecuredServerFixture.NewId("plc");
        using var app = await fixture.SubscribeAsync(org, timeout.Token);
        var (client, certificate) = await fixture.ConnectDeviceAsync(org, device, MqttProtocolVersion.V500, timeout.Token);
        using var _ = client;
        using var __ = certificate;
        var topic = $"p/{org}/d/{device}/telemetry/press";

        var oversize = await client.PublishAsync(Message(topic, new string('x', AdmissionServerFixture.TelemetryLimit + 1)), timeout.Token);
        var valid = await client.PublishAsync(Message(topic, AdmissionServerFixture.Telemetry(1)), timeout.Token);

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, oversize.ReasonCode);
        Assert.True(valid.IsSuccess, valid.ReasonCode.ToString());
        var received = await app.NextAsync(timeout.Token);
        Assert.Equal(topic, received.Topic);
        Assert.Contains("\"counter\":1}", received.ConvertPayloadToString(), StringComparison.Ordinal);
        var audit = await RefusalAuditAsync(org, device, "validity.oversize");
        Assert.Equal(AuditOutcome.Refused, audit.Outcome);
        Assert.Equal(topic, audit.Target);
        Assert.Contains("(0x99)", audit.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_invalid_telemetry_is_refused_with_0x99_and_audited_while_valid_telemetry_keeps_flowing()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var org = Secured.AddParticipant();
        var device = SecuredServerFixture.NewId("plc");
        using var app = await fixture.SubscribeAsync(org, timeout.Token);
        var (client, certificate) = await fixture.ConnectDeviceAsync(org, device, MqttProtocolVersion.V500, timeout.Token);
        using var _ = client;
        using var __ = certificate;
        var topic = $"p/{org}/d/{device}/telemetry/press";

        var wrongState = await client.PublishAsync(Message(topic, AdmissionServerFixture.Telemetry(1, state: "exploded")), timeout.Token);
        var notJson = await client.PublishAsync(Message(topic, "21.5 degrees"), timeout.Token);
        var valid = await client.PublishAsync(Message(topic, AdmissionServerFixture.Telemetry(2)), timeout.Token);

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, wrongState.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, notJson.ReasonCode);
        Assert.True(valid.IsSuccess, valid.ReasonCode.ToString());
        var received = await app.NextAsync(timeout.Token);
        Assert.Contains("\"counter\":2", received.ConvertPayloadToString(), StringComparison.Ordinal);
        var audit = await RefusalAuditAsync(org, device, "validity.schema");
        Assert.Equal(topic, audit.Target);
        Assert.Contains("(0x99)", audit.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_publish_of_a_3_1_1_device_is_acknowledged_but_dropped_and_audited()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var org = Secured.AddParticipant();
        var device = SecuredServerFixture.NewId("plc");
        using var app = await fixture.SubscribeAsync(org, timeout.Token);
        var (client, certificate) = await fixture.ConnectDeviceAsync(org, device, MqttProtocolVersion.V311, timeout.Token);
        using var _ = client;
        using var __ = certificate;
        var topic = $"p/{org}/d/{device}/telemetry/press";

        // 3.1.1 has no reason code in PUBACK: the refused message is acknowledged (so the device does not resend it
        // forever) and dropped; the connection stays up and the next valid message is delivered.
        var invalid = await client.PublishAsync(Message(topic, "{\"counter\":\"many\"}"), timeout.Token);
        var valid = await client.PublishAsync(Message(topic, AdmissionServerFixture.Telemetry(7)), timeout.Token);

        Assert.True(invalid.IsSuccess);
        Assert.True(valid.IsSuccess);
        Assert.True(client.IsConnected);
        var received = await app.NextAsync(timeout.Token);
        Assert.Contains("\"counter\":7", received.ConvertPayloadToString(), StringComparison.Ordinal);
        await RefusalAuditAsync(org, device, "validity.schema");
    }

    [Fact]
    public async Task Flooding_device_is_refused_with_0x97_then_disconnected_with_0x96_and_refused_0x8A_while_banned()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var org = AdmissionServerFixture.FloodParticipant;
        var device = SecuredServerFixture.NewId("plc");
        using var app = await fixture.SubscribeAsync(org, timeout.Token);
        var (client, certificate) = await fixture.ConnectDeviceAsync(org, device, MqttProtocolVersion.V500, timeout.Token);
        using var _ = client;
        using var __ = certificate;
        var disconnected = new TaskCompletionSource<MqttClientDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.DisconnectedAsync += e =>
        {
            disconnected.TrySetResult(e);
            return Task.CompletedTask;
        };
        var topic = $"p/{org}/d/{device}/telemetry/press";

        // Burst 5 at 5 messages/s: the first messages pass, the following are refused 0x97, and the 11th refusal within
        // the minute is flapping: DISCONNECT 0x96 and a ban. QoS 0 so the flood does not wait for acknowledgements.
        var first = await client.PublishAsync(Message(topic, AdmissionServerFixture.Telemetry(1)), timeout.Token);
        Assert.True(first.IsSuccess);
        var codes = new List<MqttClientPublishReasonCode>();
        for (var i = 0; i < 200 && client.IsConnected && !disconnected.Task.IsCompleted; i++)
        {
            try
            {
                var result = await client.PublishAsync(Message(topic, AdmissionServerFixture.Telemetry(i + 2)), timeout.Token);
                codes.Add(result.ReasonCode);
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                break; // the server closed the connection
            }
        }

        Assert.Contains(MqttClientPublishReasonCode.QuotaExceeded, codes);
        var disconnect = await disconnected.Task.WaitAsync(timeout.Token);
        Assert.Equal(MqttClientDisconnectReason.MessageRateTooHigh, disconnect.Reason);
        var received = await app.NextAsync(timeout.Token);
        Assert.Contains("\"counter\":1", received.ConvertPayloadToString(), StringComparison.Ordinal);
        await RefusalAuditAsync(org, device, "rate.messages");
        var flapping = await RefusalAuditAsync(org, device, "rate.flapping");
        Assert.Contains("(0x96)", flapping.Reason, StringComparison.Ordinal);

        using var again = new MqttClientFactory().CreateMqttClient();
        var reconnect = await again.ConnectAsync(Secured.MutualTlsOptions(device, certificate), timeout.Token);
        Assert.Equal(MqttClientConnectResultCode.Banned, reconnect.ResultCode);
    }
}
