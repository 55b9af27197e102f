using MQTTnet;
using MQTTnet.Formatter;
using Palisade.Broker.Hooks;
using Palisade.Broker.Tests.Support;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;
using MqttProtocolVersion = MQTTnet.Formatter.MqttProtocolVersion;

namespace Palisade.Broker.Tests.Protocol;

public class ConnectTests
{
    [Fact]
    public async Task Connack_announces_the_broker_limits_and_features()
    {
        await using var broker = new TestBroker(new BrokerOptions { ReceiveMaximum = 100, TopicAliasMaximum = 10, MaximumPacketSize = 50_000, MaximumSessionExpirySeconds = 60 });
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(Client.Options(broker, "dev").WithSessionExpiryInterval(3600).Build());

        Assert.Equal((ushort)100, result.ReceiveMaximum);
        Assert.Equal((ushort)10, result.TopicAliasMaximum);
        Assert.Equal(50_000u, result.MaximumPacketSize);
        Assert.Equal(60u, result.SessionExpiryInterval);
        Assert.True(result.RetainAvailable);
        Assert.True(result.WildcardSubscriptionAvailable);
        Assert.True(result.SubscriptionIdentifiersAvailable);
        Assert.True(result.SharedSubscriptionAvailable);
        client.Dispose();
    }

    [Fact]
    public async Task Empty_client_id_gets_an_assigned_identifier_in_5()
    {
        await using var broker = new TestBroker();
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(Client.Options(broker, "").Build());

        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        Assert.StartsWith("palisade-", result.AssignedClientIdentifier, StringComparison.Ordinal);
        client.Dispose();
    }

    [Fact]
    public async Task Empty_client_id_with_clean_session_is_accepted_in_311()
    {
        await using var broker = new TestBroker();
        var client = await RawClient.ConnectAsync(broker, new ConnectPacket { ProtocolVersion = Mqtt.MqttProtocolVersion.V311, ClientId = "", CleanStart = true });
        await client.DisposeAsync();
    }

    [Fact]
    public async Task Empty_client_id_without_clean_session_is_rejected_in_311()
    {
        await using var broker = new TestBroker();
        await using var client = await RawClient.OpenAsync(broker, Mqtt.MqttProtocolVersion.V311);
        await client.SendAsync(new ConnectPacket { ProtocolVersion = Mqtt.MqttProtocolVersion.V311, ClientId = "", CleanStart = false });

        var connAck = Assert.IsType<ConnAckPacket>(await client.ReceiveAsync());
        Assert.Equal(ReasonCode.ClientIdentifierNotValid, connAck.ReasonCode);
        Assert.Null(await client.ReceiveAsync());
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311, MqttClientConnectResultCode.NotAuthorized)]
    [InlineData(MqttProtocolVersion.V500, MqttClientConnectResultCode.Banned)]
    public async Task Authenticator_refusal_is_answered_in_connack(MqttProtocolVersion version, MqttClientConnectResultCode expected)
    {
        await using var broker = new TestBroker(authenticator: new RefuseAll(ReasonCode.Banned));
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(Client.Options(broker, "dev", version).Build());

        Assert.Equal(expected, result.ResultCode);
        client.Dispose();
    }

    [Fact]
    public async Task Refused_311_connect_gets_the_mapped_return_code()
    {
        await using var broker = new TestBroker(authenticator: new RefuseAll(ReasonCode.BadUserNameOrPassword));
        await using var client = await RawClient.OpenAsync(broker, Mqtt.MqttProtocolVersion.V311);
        await client.SendAsync(new ConnectPacket { ProtocolVersion = Mqtt.MqttProtocolVersion.V311, ClientId = "x" });

        var bytes = await client.ReadToEndAsync();
        Assert.Equal(new byte[] { 0x20, 0x02, 0x00, 0x04 }, bytes);
    }

    [Fact]
    public async Task Unsupported_protocol_level_is_answered_with_return_code_1_and_closed()
    {
        await using var broker = new TestBroker();
        await using var client = await RawClient.OpenAsync(broker, Mqtt.MqttProtocolVersion.V311);
        // CONNECT, protocol "MQTT" level 3, flags 2, keep alive 60, client id "x".
        await client.SendRawAsync(new byte[] { 0x10, 0x0D, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x03, 0x02, 0x00, 0x3C, 0x00, 0x01, (byte)'x' });

        var bytes = await client.ReadToEndAsync();
        Assert.Equal(new byte[] { 0x20, 0x02, 0x00, 0x01 }, bytes);
    }

    [Fact]
    public async Task Connection_without_connect_is_closed_after_the_connect_timeout()
    {
        await using var broker = new TestBroker(new BrokerOptions { ConnectTimeoutSeconds = 1, SweepInterval = TimeSpan.FromMilliseconds(100) });
        await using var client = await RawClient.OpenAsync(broker);

        var bytes = await client.ReadToEndAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(bytes);
    }

    [Fact]
    public async Task Silent_client_is_disconnected_with_keep_alive_timeout()
    {
        await using var broker = new TestBroker(new BrokerOptions { SweepInterval = TimeSpan.FromMilliseconds(100) });
        await using var client = await RawClient.ConnectAsync(broker, new ConnectPacket { ClientId = "quiet", KeepAliveSeconds = 1 });

        var bytes = await client.ReadToEndAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0xE0, bytes[0]);
        Assert.Equal((byte)ReasonCode.KeepAliveTimeout, bytes[2]);
    }

    [Fact]
    public async Task Pings_keep_a_connection_alive()
    {
        await using var broker = new TestBroker(new BrokerOptions { SweepInterval = TimeSpan.FromMilliseconds(100) });
        await using var client = await RawClient.ConnectAsync(broker, new ConnectPacket { ClientId = "pinger", KeepAliveSeconds = 1 });

        for (var i = 0; i < 4; i++)
        {
            await Task.Delay(500);
            await client.SendAsync(PingReqPacket.Instance);
            Assert.IsType<PingRespPacket>(await client.ReceiveAsync());
        }
    }

    [Fact]
    public async Task Server_keep_alive_overrides_a_longer_client_keep_alive()
    {
        await using var broker = new TestBroker(new BrokerOptions { ServerKeepAliveSeconds = 5 });
        await using var client = await RawClient.OpenAsync(broker);
        await client.SendAsync(new ConnectPacket { ClientId = "k", KeepAliveSeconds = 600 });

        var connAck = Assert.IsType<ConnAckPacket>(await client.ReceiveAsync());
        Assert.Equal((ushort)5, connAck.ServerKeepAlive);
    }

    [Fact]
    public async Task Second_connection_with_same_client_id_takes_over_with_reason_0x8E()
    {
        await using var broker = new TestBroker();
        var (first, firstInbox) = await Client.ConnectAsync(broker, "device-1");
        var (second, _) = await Client.ConnectAsync(broker, "device-1");

        var disconnected = await firstInbox.Disconnected.WaitAsync(Client.Timeout);
        Assert.Equal(MqttClientDisconnectReason.SessionTakenOver, disconnected.Reason);
        Assert.True(second.IsConnected);
        first.Dispose();
        second.Dispose();
    }

    [Fact]
    public async Task Server_disconnects_a_client_by_id_with_the_given_reason()
    {
        await using var broker = new TestBroker();
        var (client, inbox) = await Client.ConnectAsync(broker, "revoked");

        Assert.True(await broker.Broker.DisconnectClientAsync("revoked", ReasonCode.AdministrativeAction, CancellationToken.None));
        Assert.False(await broker.Broker.DisconnectClientAsync("unknown", ReasonCode.AdministrativeAction, CancellationToken.None));

        var disconnected = await inbox.Disconnected.WaitAsync(Client.Timeout);
        Assert.Equal(MqttClientDisconnectReason.AdministrativeAction, disconnected.Reason);
        client.Dispose();
    }

    [Fact]
    public async Task Shutdown_sends_server_shutting_down_to_5_clients()
    {
        var broker = new TestBroker();
        var (client, inbox) = await Client.ConnectAsync(broker, "c");

        await broker.DisposeAsync();

        var disconnected = await inbox.Disconnected.WaitAsync(Client.Timeout);
        Assert.Equal(MqttClientDisconnectReason.ServerShuttingDown, disconnected.Reason);
        client.Dispose();
    }

    private sealed class RefuseAll(ReasonCode reason) : IConnectionAuthenticator
    {
        public ValueTask<AuthenticationResult> AuthenticateAsync(ClientEndpoint endpoint, ConnectPacket connect, CancellationToken cancellationToken) =>
            ValueTask.FromResult(AuthenticationResult.Refuse(reason, "no"));
    }
}
