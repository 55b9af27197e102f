using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Palisade.Tests.TestSupport;
using Xunit.Abstractions;

namespace Palisade.Tests.Interop;

/// <summary>
/// Interoperability with the Eclipse Mosquitto command-line clients (2.0), run as real processes over TLS with the
/// generated server.crt as --cafile — exactly what the README tells users to do.
/// </summary>
public sealed class MosquittoInteropTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(0, "mqttv311")]
    [InlineData(1, "mqttv311")]
    [InlineData(2, "mqttv311")]
    [InlineData(0, "mqttv5")]
    [InlineData(1, "mqttv5")]
    [InlineData(2, "mqttv5")]
    public async Task Message_is_delivered_at_each_QoS(int qos, string version)
    {
        await using var server = await PalisadeServerFixture.StartAsync(o => o.Output = output);
        var topic = $"plant/line1/qos{qos}";
        await using var subscriber = await MosquittoClient.SubscribeAsync(server, [topic], qos: qos, count: 1, version: version);

        await MosquittoClient.PublishAsync(server, topic, $"reading-{qos}", qos: qos, version: version);

        Assert.Equal(0, await subscriber.WaitForExitAsync(ExitTimeout));
        var message = Assert.Single(subscriber.Messages);
        Assert.Equal(new ReceivedMessage(topic, $"reading-{qos}", Retained: false, QoS: qos), message);
    }

    [Fact]
    public async Task Retained_message_is_delivered_to_a_later_subscriber_and_can_be_cleared()
    {
        await using var server = await PalisadeServerFixture.StartAsync(o => o.Output = output);
        await MosquittoClient.PublishAsync(server, "retain/valve1", "open", qos: 1, retain: true);
        await MosquittoClient.PublishAsync(server, "retain/valve2", "closed", qos: 1, retain: true);

        await using (var late = await MosquittoClient.SubscribeAsync(server, ["retain/valve1"], count: 1))
        {
            Assert.Equal(0, await late.WaitForExitAsync(ExitTimeout));
            Assert.Equal(new ReceivedMessage("retain/valve1", "open", Retained: true, QoS: 1), Assert.Single(late.Messages));
        }

        // An empty retained message clears it (MQTT 3.3.1.3). A later subscriber to both topics gets only valve2,
        // then the live sentinel: had valve1 survived, it would be one of the first two messages.
        await MosquittoClient.PublishAsync(server, "retain/valve1", "", qos: 1, retain: true);
        await using var after = await MosquittoClient.SubscribeAsync(server, ["retain/#"], count: 2);
        await MosquittoClient.PublishAsync(server, "retain/end", "sentinel", qos: 1);

        Assert.Equal(0, await after.WaitForExitAsync(ExitTimeout));
        Assert.Equal(
            [new ReceivedMessage("retain/valve2", "closed", Retained: true, QoS: 1), new ReceivedMessage("retain/end", "sentinel", Retained: false, QoS: 1)],
            after.Messages);
    }

    [Theory]
    [InlineData("mqttv311")]
    [InlineData("mqttv5")]
    public async Task Will_is_published_when_the_client_process_is_killed(string version)
    {
        await using var server = await PalisadeServerFixture.StartAsync(o => o.Output = output);
        await using var watcher = await MosquittoClient.SubscribeAsync(server, ["plant/+/status"], count: 1, timeoutSeconds: 15);
        await using var device = await MosquittoClient.SubscribeAsync(server, ["plant/dev1/cmd"], timeoutSeconds: 30, version: version,
            extraArguments: ["-i", "dev1", "--will-topic", "plant/dev1/status", "--will-payload", "offline", "--will-qos", "1", "-k", "30"]);

        device.Kill();

        Assert.Equal(0, await watcher.WaitForExitAsync(ExitTimeout));
        Assert.Equal(new ReceivedMessage("plant/dev1/status", "offline", Retained: false, QoS: 1), Assert.Single(watcher.Messages));
    }

    [Fact]
    public async Task Will_is_not_published_after_a_normal_disconnect()
    {
        await using var server = await PalisadeServerFixture.StartAsync(o => o.Output = output);
        await using var watcher = await MosquittoClient.SubscribeAsync(server, ["plant/+/status"], count: 1, timeoutSeconds: 15);

        // mosquitto_pub sends DISCONNECT before it exits: the will must be discarded.
        var arguments = MosquittoClient.TlsArguments(server);
        arguments.AddRange(["-i", "dev2", "-t", "plant/dev2/data", "-m", "42", "-q", "1",
            "--will-topic", "plant/dev2/status", "--will-payload", "offline", "--will-qos", "1"]);
        var (exitCode, publisher) = await MosquittoClient.RunAsync("mosquitto_pub", arguments, ExitTimeout);
        await using (publisher)
        {
            Assert.Equal(0, exitCode);
        }
        await MosquittoClient.PublishAsync(server, "plant/dev2/status", "online");

        Assert.Equal(0, await watcher.WaitForExitAsync(ExitTimeout));
        Assert.Equal(new ReceivedMessage("plant/dev2/status", "online", Retained: false, QoS: 1), Assert.Single(watcher.Messages));
    }

    [Fact]
    public async Task Single_and_multi_level_wildcards_match_only_their_topics()
    {
        await using var server = await PalisadeServerFixture.StartAsync(o => o.Output = output);
        await using var subscriber = await MosquittoClient.SubscribeAsync(server, ["site/+/temp", "alarms/#"], count: 3);

        foreach (var topic in new[] { "site/a/b/temp", "other/alarms", "site/temp", "site/a/temp", "alarms/x/y", "alarms" })
        {
            await MosquittoClient.PublishAsync(server, topic, "v");
        }

        Assert.Equal(0, await subscriber.WaitForExitAsync(ExitTimeout));
        // The non-matching topics were published first: any of them delivered would be among these three.
        Assert.Equal(["site/a/temp", "alarms/x/y", "alarms"], subscriber.Messages.Select(m => m.Topic));
    }

    [Fact]
    public async Task Shared_subscription_delivers_each_message_to_exactly_one_group_member()
    {
        await using var server = await PalisadeServerFixture.StartAsync(o => o.Output = output);
        await using var workerA = await MosquittoClient.SubscribeAsync(server, ["$share/workers/jobs/#", "jobs-done"], timeoutSeconds: 20);
        await using var workerB = await MosquittoClient.SubscribeAsync(server, ["$share/workers/jobs/#", "jobs-done"], timeoutSeconds: 20);
        const int jobs = 10;

        // -l publishes each stdin line as one message, over one connection, in order.
        var arguments = MosquittoClient.TlsArguments(server);
        arguments.AddRange(["-t", "jobs/batch", "-q", "1", "-l"]);
        var lines = string.Join("\n", Enumerable.Range(1, jobs).Select(i => i.ToString(CultureInfo.InvariantCulture))) + "\n";
        var (exitCode, publisher) = await MosquittoClient.RunAsync("mosquitto_pub", arguments, ExitTimeout, standardInput: lines);
        await using (publisher)
        {
            Assert.Equal(0, exitCode);
        }
        // Every member also has a plain subscription to jobs-done; once each printed it, all jobs were routed.
        await MosquittoClient.PublishAsync(server, "jobs-done", "end");
        await workerA.WaitForLineAsync(l => l.StartsWith("MSG|jobs-done|", StringComparison.Ordinal), ExitTimeout);
        await workerB.WaitForLineAsync(l => l.StartsWith("MSG|jobs-done|", StringComparison.Ordinal), ExitTimeout);

        var a = workerA.Messages.Where(m => m.Topic == "jobs/batch").Select(m => m.Payload).ToList();
        var b = workerB.Messages.Where(m => m.Topic == "jobs/batch").Select(m => m.Payload).ToList();
        Assert.Equal(jobs, a.Count + b.Count);
        Assert.Equal(Enumerable.Range(1, jobs).Select(i => i.ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal),
            a.Concat(b).Order(StringComparer.Ordinal));
        // The broker distributes round-robin, so both members took part.
        Assert.NotEmpty(a);
        Assert.NotEmpty(b);
    }

    [Fact]
    public async Task Localhost_name_verifies_against_the_generated_certificate()
    {
        await using var server = await PalisadeServerFixture.StartAsync(o => o.Output = output);
        await using var subscriber = await MosquittoClient.SubscribeAsync(server, ["names/check"], count: 1);

        var arguments = MosquittoClient.TlsArguments(server, host: "localhost");
        arguments.AddRange(["-t", "names/check", "-m", "by-name", "-q", "1"]);
        var (exitCode, publisher) = await MosquittoClient.RunAsync("mosquitto_pub", arguments, ExitTimeout);
        await using (publisher)
        {
            Assert.True(exitCode == 0, publisher.Error);
        }

        Assert.Equal(0, await subscriber.WaitForExitAsync(ExitTimeout));
        Assert.Equal("by-name", Assert.Single(subscriber.Messages).Payload);
    }

    [Fact]
    public async Task Client_trusting_another_certificate_is_refused_by_its_own_TLS_check()
    {
        await using var server = await PalisadeServerFixture.StartAsync(o => o.Output = output);
        var otherCa = Path.Combine(Path.GetTempPath(), $"palisade-other-{Guid.NewGuid():N}.crt");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
            using var other = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(otherCa, other.ExportCertificatePem());
        }
        try
        {
            var arguments = MosquittoClient.TlsArguments(server);
            arguments[arguments.IndexOf("--cafile") + 1] = otherCa;
            arguments.AddRange(["-t", "x", "-m", "y"]);
            var (exitCode, publisher) = await MosquittoClient.RunAsync("mosquitto_pub", arguments, ExitTimeout);
            await using (publisher)
            {
                Assert.NotEqual(0, exitCode);
                Assert.Contains("TLS error", publisher.Error, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(otherCa);
        }
    }
}
