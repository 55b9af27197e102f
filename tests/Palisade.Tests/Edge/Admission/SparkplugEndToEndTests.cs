using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Palisade.Admission.Validity.Sparkplug;
using Palisade.Admission.Validity.Sparkplug.Proto;
using Palisade.Edge.Admission;
using Palisade.Infrastructure.Audit;

namespace Palisade.Tests.Edge.Admission;

/// <summary>
/// Sparkplug B edge nodes over real mutual TLS (a server of its own, identity on, product defaults): a session ends with
/// its connection, an NBIRTH must carry the bdSeq of its connection's will NDEATH, and seq gaps are admitted but audited
/// and counted on GET /metrics. The group id is the participant, the edge node id the device (topic policy).
/// </summary>
public sealed class SparkplugEndToEndTests(SecuredServerFixture fixture) : IClassFixture<SecuredServerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private sealed record EdgeNode(string Org, string Device, string CertificateFolder)
    {
        public string Topic(string type) => $"spBv1.0/{Org}/{type}/{Device}";
    }

    private EdgeNode Provision()
    {
        var org = fixture.AddParticipant();
        var device = SecuredServerFixture.NewId("edge");
        return new EdgeNode(org, device, fixture.AddCertificateDevice(org, device));
    }

    /// <summary>
    /// Connects the edge node, with a will NDEATH of <paramref name="willBdSeq"/> when given. Retries (bounded) while the
    /// server still holds the certificate of the node's previous connection, which it releases once that one has ended.
    /// </summary>
    private async Task<IMqttClient> ConnectAsync(EdgeNode node, ulong? willBdSeq, CancellationToken cancellationToken)
    {
        var certificate = SecuredServerFixture.LoadDeviceCertificate(node.CertificateFolder, node.Device);
        var options = fixture.MutualTlsOptions(node.Device, certificate, MqttProtocolVersion.V500);
        if (willBdSeq is { } bdSeq)
        {
            options.WillTopic = node.Topic("NDEATH");
            options.WillPayload = NDeath(bdSeq);
            options.WillQualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce;
        }

        for (var attempt = 1; ; attempt++)
        {
            var client = new MqttClientFactory().CreateMqttClient();
            var result = await client.ConnectAsync(options, cancellationToken);
            if (result.ResultCode == MqttClientConnectResultCode.Success)
            {
                return client;
            }

            client.Dispose();
            Assert.True(attempt < 50, $"edge node could not connect: {result.ResultCode} {result.ReasonString}");
            await Task.Delay(100, cancellationToken);
        }
    }

    private static async Task<MqttClientPublishResult> SendAsync(IMqttClient client, string topic, byte[] payload, CancellationToken cancellationToken) =>
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken);

    private static byte[] NBirth(ulong bdSeq) => Encode(0, [
        new Payload.Types.Metric { Name = "bdSeq", Datatype = SparkplugDataTypes.Int64, LongValue = bdSeq, Timestamp = 1 },
        new Payload.Types.Metric { Name = "Node Control/Rebirth", Datatype = SparkplugDataTypes.Boolean, BooleanValue = false, Timestamp = 1 },
        new Payload.Types.Metric { Name = "Spindle/Temperature", Alias = 1, Datatype = SparkplugDataTypes.Double, DoubleValue = 61.5, Timestamp = 1 },
    ]);

    private static byte[] NData(ulong seq) => Encode(seq, [new Payload.Types.Metric { Alias = 1, DoubleValue = 62.0, Timestamp = 2 }]);

    private static byte[] NDeath(ulong bdSeq)
    {
        var payload = new Payload { Timestamp = 3 };
        payload.Metrics.Add(new Payload.Types.Metric { Name = "bdSeq", Datatype = SparkplugDataTypes.Int64, LongValue = bdSeq, Timestamp = 3 });
        return payload.ToByteArray();
    }

    private static byte[] Encode(ulong seq, IEnumerable<Payload.Types.Metric> metrics)
    {
        var payload = new Payload { Timestamp = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Seq = seq };
        payload.Metrics.AddRange(metrics);
        return payload.ToByteArray();
    }

    private SparkplugInspector Inspector => fixture.Server.Services.GetRequiredService<AdmissionRuntime>().Sparkplug
        ?? throw new InvalidOperationException("Sparkplug inspection is off");

    [Fact]
    public async Task After_a_reconnect_NDATA_is_refused_until_the_edge_node_is_born_again()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var node = Provision();

        using (var first = await ConnectAsync(node, willBdSeq: 0, timeout.Token))
        {
            Assert.True((await SendAsync(first, node.Topic("NBIRTH"), NBirth(0), timeout.Token)).IsSuccess);
            Assert.True((await SendAsync(first, node.Topic("NDATA"), NData(1), timeout.Token)).IsSuccess);
            await first.DisconnectAsync(cancellationToken: timeout.Token);
        }

        // The server ends the edge node's session when the connection ends (bounded wait: 100 x 50 ms).
        for (var i = 0; i < 100 && Inspector.IsBorn(node.Org, node.Device); i++)
        {
            await Task.Delay(50, timeout.Token);
        }

        Assert.False(Inspector.IsBorn(node.Org, node.Device));
        using var second = await ConnectAsync(node, willBdSeq: 1, timeout.Token);
        var beforeBirth = await SendAsync(second, node.Topic("NDATA"), NData(2), timeout.Token);
        var birth = await SendAsync(second, node.Topic("NBIRTH"), NBirth(1), timeout.Token);
        var afterBirth = await SendAsync(second, node.Topic("NDATA"), NData(1), timeout.Token);

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, beforeBirth.ReasonCode);
        Assert.True(birth.IsSuccess, birth.ReasonCode.ToString());
        Assert.True(afterBirth.IsSuccess, afterBirth.ReasonCode.ToString());
        var audit = await fixture.WaitForAuditAsync(
            r => r.Action == "publish" && r.Target == node.Topic("NDATA") && r.Actor == $"device:{node.Org}/{node.Device}", "NDATA refusal");
        Assert.Equal(AuditOutcome.Refused, audit.Outcome);
        Assert.StartsWith("validity.sparkplug (0x99): no current birth", audit.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NBIRTH_whose_bdSeq_is_not_the_wills_is_refused_with_0x99_and_audited()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var node = Provision();
        using var client = await ConnectAsync(node, willBdSeq: 5, timeout.Token);

        var wrong = await SendAsync(client, node.Topic("NBIRTH"), NBirth(4), timeout.Token);
        var right = await SendAsync(client, node.Topic("NBIRTH"), NBirth(5), timeout.Token);

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, wrong.ReasonCode);
        Assert.True(right.IsSuccess, right.ReasonCode.ToString());
        var audit = await fixture.WaitForAuditAsync(
            r => r.Action == "publish" && r.Target == node.Topic("NBIRTH") && r.Actor == $"device:{node.Org}/{node.Device}", "NBIRTH refusal");
        Assert.StartsWith("validity.sparkplug (0x99): NBIRTH bdSeq 4 is not the bdSeq 5 of this connection's will NDEATH", audit.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seq_gap_is_admitted_audited_and_counted_on_metrics()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var node = Provision();
        using var client = await ConnectAsync(node, willBdSeq: 0, timeout.Token);

        Assert.True((await SendAsync(client, node.Topic("NBIRTH"), NBirth(0), timeout.Token)).IsSuccess);
        Assert.True((await SendAsync(client, node.Topic("NDATA"), NData(1), timeout.Token)).IsSuccess);
        var afterGap = await SendAsync(client, node.Topic("NDATA"), NData(5), timeout.Token);

        Assert.True(afterGap.IsSuccess, afterGap.ReasonCode.ToString());
        var audit = await fixture.WaitForAuditAsync(
            r => r.Action == "publish" && r.Actor == $"device:{node.Org}/{node.Device}" && (r.Reason ?? "").StartsWith(SparkplugGapAuditor.Code, StringComparison.Ordinal),
            "seq gap");
        Assert.Equal(AuditOutcome.Success, audit.Outcome);
        Assert.Equal(node.Topic("NDATA"), audit.Target);
        Assert.Equal("validity.sparkplug-gap: seq 5 where 2 was expected (3 message(s) missing or reordered)", audit.Reason);
        var text = await MetricsScrape.ScrapeAsync(fixture.Server, timeout.Token);
        Assert.Equal(1, MetricsScrape.Sample(text, "palisade_admission_sparkplug_gaps_total"));
    }
}
