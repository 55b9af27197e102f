using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Palisade.Tests.TestSupport;
using Xunit.Abstractions;

namespace Palisade.Tests.Interop;

/// <summary>MQTTnet, an independent client, against the real host and broker over TLS and WebSocket.</summary>
public sealed class MqttNetClientTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly MqttClientFactory _factory = new();

    public static TheoryData<string, MqttProtocolVersion> TransportsAndVersions => new()
    {
        { "tls", MqttProtocolVersion.V311 },
        { "tls", MqttProtocolVersion.V500 },
        { "ws", MqttProtocolVersion.V311 },
        { "ws", MqttProtocolVersion.V500 },
    };

    [Theory]
    [MemberData(nameof(TransportsAndVersions))]
    public async Task Message_published_is_delivered_to_a_wildcard_subscriber(string transport, MqttProtocolVersion version)
    {
        await using var server = await PalisadeServerFixture.StartAsync(o => o.Output = output);
        using var subscriber = _factory.CreateMqttClient();
        using var publisher = _factory.CreateMqttClient();
        var received = new TaskCompletionSource<MqttApplicationMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        using var timeout = new CancellationTokenSource(Timeout);

        var connect = await subscriber.ConnectAsync(Options(server, transport, version, "sub-" + transport), timeout.Token);
        Assert.Equal(MqttClientConnectResultCode.Success, connect.ResultCode);
        var subscribe = await subscriber.SubscribeAsync(
            _factory.CreateSubscribeOptionsBuilder().WithTopicFilter("plant/+/temperature", MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, Assert.Single(subscribe.Items).ResultCode);

        await publisher.ConnectAsync(Options(server, transport, version, "pub-" + transport), timeout.Token);
        var publish = await publisher.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic("plant/line1/temperature")
            .WithPayload("21.5")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build(), timeout.Token);
        Assert.True(publish.IsSuccess);

        var message = await received.Task.WaitAsync(timeout.Token);
        Assert.Equal("plant/line1/temperature", message.Topic);
        Assert.Equal("21.5", message.ConvertPayloadToString());
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, message.QualityOfServiceLevel);

        await publisher.DisconnectAsync(cancellationToken: timeout.Token);
        await subscriber.DisconnectAsync(cancellationToken: timeout.Token);
    }

    [Theory]
    [InlineData("tls")]
    [InlineData("ws")]
    public async Task Graceful_shutdown_tells_MQTT5_clients_server_shutting_down(string transport)
    {
        var server = await PalisadeServerFixture.StartAsync(o => o.Output = output);
        try
        {
            using var client = _factory.CreateMqttClient();
            var disconnected = new TaskCompletionSource<MqttClientDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
            client.DisconnectedAsync += e =>
            {
                disconnected.TrySetResult(e);
                return Task.CompletedTask;
            };
            using var timeout = new CancellationTokenSource(Timeout);
            await client.ConnectAsync(Options(server, transport, MqttProtocolVersion.V500, "shutdown-" + transport), timeout.Token);

            await server.StopAsync();

            var args = await disconnected.Task.WaitAsync(timeout.Token);
            Assert.Equal(MqttClientDisconnectReason.ServerShuttingDown, args.Reason);
            Assert.False(client.IsConnected);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Graceful_shutdown_closes_MQTT311_connections()
    {
        var server = await PalisadeServerFixture.StartAsync(o => o.Output = output);
        try
        {
            using var client = _factory.CreateMqttClient();
            var disconnected = new TaskCompletionSource<MqttClientDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
            client.DisconnectedAsync += e =>
            {
                disconnected.TrySetResult(e);
                return Task.CompletedTask;
            };
            using var timeout = new CancellationTokenSource(Timeout);
            await client.ConnectAsync(Options(server, "tls", MqttProtocolVersion.V311, "shutdown-311"), timeout.Token);

            await server.StopAsync();

            await disconnected.Task.WaitAsync(timeout.Token);
            Assert.False(client.IsConnected);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Plain_TCP_when_enabled_carries_MQTT()
    {
        await using var server = await PalisadeServerFixture.StartAsync(o =>
        {
            o.Output = output;
            o.WithPlainTcp();
        });
        using var client = _factory.CreateMqttClient();
        using var timeout = new CancellationTokenSource(Timeout);
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(Encoding.UTF8.GetString(e.ApplicationMessage.Payload));
            return Task.CompletedTask;
        };

        await client.ConnectAsync(server.PlainTcpClientOptions(MqttProtocolVersion.V500, "plain").Build(), timeout.Token);
        await client.SubscribeAsync("lab/echo", MqttQualityOfServiceLevel.AtMostOnce, timeout.Token);
        await client.PublishStringAsync("lab/echo", "ping", cancellationToken: timeout.Token);

        Assert.Equal("ping", await received.Task.WaitAsync(timeout.Token));
    }

    [Fact]
    public async Task Client_that_does_not_trust_the_server_certificate_cannot_connect()
    {
        await using var server = await PalisadeServerFixture.StartAsync(o => o.Output = output);
        using var client = _factory.CreateMqttClient();
        using var timeout = new CancellationTokenSource(Timeout);
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", server.TlsPort)
            .WithClientId("untrusting")
            .WithTlsOptions(tls => tls.UseTls().WithTargetHost("127.0.0.1"))
            .WithTimeout(Timeout)
            .Build();

        await Assert.ThrowsAnyAsync<Exception>(() => client.ConnectAsync(options, timeout.Token));
        Assert.False(client.IsConnected);
    }

    private static MqttClientOptions Options(PalisadeServerFixture server, string transport, MqttProtocolVersion version, string clientId) =>
        (transport == "ws" ? server.WebSocketClientOptions(version, clientId) : server.TlsClientOptions(version, clientId)).Build();
}
