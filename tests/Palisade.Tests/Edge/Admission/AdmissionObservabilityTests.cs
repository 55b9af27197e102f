using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Palisade.Admission.Integrity;
using Palisade.Infrastructure.Audit;

namespace Palisade.Tests.Edge.Admission;

/// <summary>
/// What an operator sees of admission, over real mutual TLS on a server of its own (identity on, product defaults), so
/// the counters read here are exactly this class's: the refusal counters on GET /metrics, and one audit actor per device
/// whichever check refused it.
/// </summary>
public sealed class AdmissionObservabilityTests(SecuredServerFixture fixture) : IClassFixture<SecuredServerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private async Task<IMqttClient> ConnectAsync(string org, string device, CancellationToken cancellationToken, Action? beforeConnect = null)
    {
        var certificate = SecuredServerFixture.LoadDeviceCertificate(fixture.AddCertificateDevice(org, device), device);
        beforeConnect?.Invoke();
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(fixture.MutualTlsOptions(device, certificate, MqttProtocolVersion.V500), cancellationToken);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return client;
    }

    private static MqttApplicationMessage Signed(EnvelopeSigner signer, string topic, ulong sequence, string body, string? sentBody = null)
    {
        var builder = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(sentBody ?? body)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        foreach (var property in signer.CreateUserProperties(topic, sequence, DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes(body)))
        {
            builder.WithUserProperty(property.Name, Encoding.UTF8.GetBytes(property.Value).AsMemory());
        }

        return builder.Build();
    }

    [Fact]
    public async Task Tampered_publish_over_mutual_TLS_is_counted_on_metrics_by_stage_and_code()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var org = fixture.AddParticipant();
        var device = SecuredServerFixture.NewId("sensor");
        var keys = Path.Combine(Path.GetTempPath(), "palisade-tests", SecuredServerFixture.NewId("keys"));
        // The key exists before the connection: its first publish loads the registry's keys.
        using var client = await ConnectAsync(org, device, timeout.Token,
            () => fixture.Cli(0, "device", "key", "add", device, "--participant", org, "--alg", "hs256", "--out", keys));
        using var signer = EnvelopeSigner.FromKeyFile("k1", KeyAlgorithm.HmacSha256, Path.Combine(keys, "k1.key"));
        var topic = $"p/{org}/d/{device}/telemetry/press";

        // No scrape before: the counters must hold what happened before anyone looked (the exporter used to attach on
        // the first GET /metrics, and a refusal counted before it was lost).
        var valid = await client.PublishAsync(Signed(signer, topic, 1, "{\"t\":21.5}"), timeout.Token);
        var tampered = await client.PublishAsync(Signed(signer, topic, 2, "{\"t\":21.5}", sentBody: "{\"t\":99.9}"), timeout.Token);

        Assert.True(valid.IsSuccess, valid.ReasonCode.ToString());
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, tampered.ReasonCode);
        var text = await MetricsScrape.ScrapeAsync(fixture.Server, timeout.Token);
        Assert.Equal(1, MetricsScrape.Sample(text, "palisade_admission_refused_total{code=\"integrity.tag-mismatch\",stage=\"integrity\"}"));
        Assert.Equal(1, MetricsScrape.Sample(text, "palisade_admission_admitted_total{traffic_class=\"bulk\"}"));
        Assert.Equal(0, MetricsScrape.Sample(text, "palisade_admission_admitted_total{traffic_class=\"control\"}"));
        Assert.Contains("# TYPE palisade_admission_refused_total counter\n", text, StringComparison.Ordinal);
        // The broker's own counters are still there, next to admission's.
        Assert.NotNull(MetricsScrape.Sample(text, "palisade_broker_messages_refused_total"));
    }

    [Fact]
    public async Task Topic_policy_refusal_and_admission_refusal_of_one_device_carry_the_same_actor()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var org = fixture.AddParticipant();
        var device = SecuredServerFixture.NewId("plc");
        var other = SecuredServerFixture.NewId("plc");
        using var client = await ConnectAsync(org, device, timeout.Token);
        var foreignTopic = $"p/{org}/d/{other}/telemetry/press";
        var ownTopic = $"p/{org}/d/{device}/telemetry/press";

        // Topic authorisation refuses the first (not its own topic); the integrity stage the second (an envelope with
        // only a key id is malformed).
        var byPolicy = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(foreignTopic).WithPayload("{}")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);
        var byAdmission = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(ownTopic).WithPayload("{}")
            .WithUserProperty("pal-kid", Encoding.UTF8.GetBytes("k1").AsMemory()).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, byPolicy.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, byAdmission.ReasonCode);
        var policyRecord = await fixture.WaitForAuditAsync(r => r.Action == "publish" && r.Target == foreignTopic, "topic policy refusal");
        var admissionRecord = await fixture.WaitForAuditAsync(r => r.Action == "publish" && r.Target == ownTopic, "admission refusal");
        Assert.Equal(AuditOutcome.Refused, policyRecord.Outcome);
        Assert.StartsWith("integrity.malformed ", admissionRecord.Reason, StringComparison.Ordinal);
        Assert.Equal($"device:{org}/{device}", admissionRecord.Actor);
        Assert.Equal(admissionRecord.Actor, policyRecord.Actor);
        var connect = await fixture.WaitForAuditAsync(r => r.Action == "connect" && r.Target == "client:" + device && r.Outcome == AuditOutcome.Success, "connect");
        Assert.Equal(admissionRecord.Actor, connect.Actor);
    }
}
