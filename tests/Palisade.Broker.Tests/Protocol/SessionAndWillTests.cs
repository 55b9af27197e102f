using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using Palisade.Broker.Tests.Support;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;
using MqttProtocolVersion = MQTTnet.Formatter.MqttProtocolVersion;

namespace Palisade.Broker.Tests.Protocol;

public class SessionAndWillTests
{
    private static ConnectPacket ConnectWithWill(string clientId, uint willDelay = 0, uint sessionExpiry = 0, Mqtt.MqttProtocolVersion version = Mqtt.MqttProtocolVersion.V500) => new()
    {
        ProtocolVersion = version,
        ClientId = clientId,
        CleanStart = true,
        SessionExpiryInterval = sessionExpiry,
        Will = new WillMessage { Topic = $"status/{clientId}", Payload = Encoding.UTF8.GetBytes("offline"), QoS = QualityOfService.AtLeastOnce, WillDelayInterval = willDelay },
    };

    [Theory]
    [InlineData(Mqtt.MqttProtocolVersion.V311)]
    [InlineData(Mqtt.MqttProtocolVersion.V500)]
    public async Task Will_is_published_when_the_connection_breaks(Mqtt.MqttProtocolVersion version)
    {
        await using var broker = new TestBroker();
        var (watcher, inbox) = await Client.ConnectAsync(broker, "watcher");
        await Client.SubscribeAsync(watcher, "status/#");
        var device = await RawClient.ConnectAsync(broker, ConnectWithWill("dev", version: version));

        device.Abort();

        var will = await inbox.NextAsync();
        Assert.Equal(("status/dev", "offline"), (will.Topic, will.Text()));
        await device.DisposeAsync();
        watcher.Dispose();
    }

    [Fact]
    public async Task Will_is_suppressed_by_a_normal_disconnect()
    {
        await using var broker = new TestBroker();
        var (watcher, inbox) = await Client.ConnectAsync(broker, "watcher");
        await Client.SubscribeAsync(watcher, "status/#");
        await using var device = await RawClient.ConnectAsync(broker, ConnectWithWill("dev"));

        await device.SendAsync(new DisconnectPacket());
        Assert.Null(await device.ReceiveAsync());

        await inbox.AssertNothingAsync(TimeSpan.FromMilliseconds(500));
        watcher.Dispose();
    }

    [Fact]
    public async Task Disconnect_with_will_message_reason_publishes_the_will()
    {
        await using var broker = new TestBroker();
        var (watcher, inbox) = await Client.ConnectAsync(broker, "watcher");
        await Client.SubscribeAsync(watcher, "status/#");
        await using var device = await RawClient.ConnectAsync(broker, ConnectWithWill("dev"));

        await device.SendAsync(new DisconnectPacket { ReasonCode = ReasonCode.DisconnectWithWillMessage });

        Assert.Equal("offline", (await inbox.NextAsync()).Text());
        watcher.Dispose();
    }

    [Fact]
    public async Task Will_delay_holds_the_will_back_until_it_passes()
    {
        await using var broker = new TestBroker(new BrokerOptions { SweepInterval = TimeSpan.FromMilliseconds(100) });
        var (watcher, inbox) = await Client.ConnectAsync(broker, "watcher");
        await Client.SubscribeAsync(watcher, "status/#");
        var device = await RawClient.ConnectAsync(broker, ConnectWithWill("dev", willDelay: 2, sessionExpiry: 60));

        device.Abort();

        await inbox.AssertNothingAsync(TimeSpan.FromSeconds(1));
        Assert.Equal("offline", (await inbox.NextAsync(TimeSpan.FromSeconds(5))).Text());
        await device.DisposeAsync();
        watcher.Dispose();
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Persistent_session_receives_messages_queued_while_offline(MqttProtocolVersion version)
    {
        await using var broker = new TestBroker();
        void Persistent(MqttClientOptionsBuilder o)
        {
            if (version == MqttProtocolVersion.V500)
            {
                o.WithCleanStart(false).WithSessionExpiryInterval(300);
            }
            else
            {
                o.WithCleanSession(false);
            }
        }

        var (sub, _) = await Client.ConnectAsync(broker, "sub", version, Persistent);
        await Client.SubscribeAsync(sub, "cmd/sub", MqttQualityOfServiceLevel.ExactlyOnce);
        await sub.DisconnectAsync();
        sub.Dispose();
        await Client.WaitOfflineAsync(broker, "sub");

        var (pub, _) = await Client.ConnectAsync(broker, "pub", version);
        await Client.PublishAsync(pub, "cmd/sub", "q0-dropped", MqttQualityOfServiceLevel.AtMostOnce);
        await Client.PublishAsync(pub, "cmd/sub", "q1", MqttQualityOfServiceLevel.AtLeastOnce);
        await Client.PublishAsync(pub, "cmd/sub", "q2", MqttQualityOfServiceLevel.ExactlyOnce);

        var client = new MqttClientFactory().CreateMqttClient();
        var inbox = new Client.Inbox(client);
        var builder = Client.Options(broker, "sub", version);
        Persistent(builder);
        var result = await client.ConnectAsync(builder.Build());

        Assert.True(result.IsSessionPresent);
        Assert.Equal("q1", (await inbox.NextAsync()).Text());
        Assert.Equal("q2", (await inbox.NextAsync()).Text());
        await inbox.AssertNothingAsync();
        client.Dispose();
        pub.Dispose();
    }

    [Fact]
    public async Task Unacknowledged_delivery_is_retransmitted_with_dup_on_resume()
    {
        await using var broker = new TestBroker();
        var connect = new ConnectPacket { ClientId = "sub", CleanStart = false, SessionExpiryInterval = 300 };
        var first = await RawClient.ConnectAsync(broker, connect);
        await first.SendAsync(new SubscribePacket { PacketId = 1, Subscriptions = [new Subscription("r/#", QualityOfService.ExactlyOnce)] });
        Assert.IsType<SubAckPacket>(await first.ReceiveAsync());
        var (pub, _) = await Client.ConnectAsync(broker, "pub");
        await Client.PublishAsync(pub, "r/1", "one", MqttQualityOfServiceLevel.AtLeastOnce);
        await Client.PublishAsync(pub, "r/2", "two", MqttQualityOfServiceLevel.ExactlyOnce);

        var one = Assert.IsType<PublishPacket>(await first.ReceiveAsync());
        var two = Assert.IsType<PublishPacket>(await first.ReceiveAsync());
        Assert.False(one.Dup);
        // QoS 2: acknowledge the first step only, so a PUBREL is owed on resume.
        await first.SendAsync(new PubAckPacket(MqttPacketType.PubRec, two.PacketId));
        Assert.Equal(MqttPacketType.PubRel, Assert.IsType<PubAckPacket>(await first.ReceiveAsync()).Type);
        first.Abort();
        await first.DisposeAsync();

        await using var second = await RawClient.OpenAsync(broker);
        await second.SendAsync(connect);
        Assert.True(Assert.IsType<ConnAckPacket>(await second.ReceiveAsync()).SessionPresent);
        var again = Assert.IsType<PublishPacket>(await second.ReceiveAsync());
        Assert.True(again.Dup);
        Assert.Equal((one.PacketId, "one"), (again.PacketId, Encoding.UTF8.GetString(again.Payload.Span)));
        var pubRel = Assert.IsType<PubAckPacket>(await second.ReceiveAsync());
        Assert.Equal((MqttPacketType.PubRel, two.PacketId), (pubRel.Type, pubRel.PacketId));
        pub.Dispose();
    }

    [Fact]
    public async Task Taken_over_session_is_handed_to_the_new_connection()
    {
        await using var broker = new TestBroker();
        var connect = new ConnectPacket { ClientId = "dev", CleanStart = false, SessionExpiryInterval = 300 };
        await using var first = await RawClient.ConnectAsync(broker, connect);
        await first.SendAsync(new SubscribePacket { PacketId = 1, Subscriptions = [new Subscription("cmd/dev", QualityOfService.AtLeastOnce)] });
        Assert.IsType<SubAckPacket>(await first.ReceiveAsync());

        await using var second = await RawClient.OpenAsync(broker);
        await second.SendAsync(connect);
        Assert.True(Assert.IsType<ConnAckPacket>(await second.ReceiveAsync()).SessionPresent);
        var kicked = Assert.IsType<DisconnectPacket>(await first.ReceiveAsync());
        Assert.Equal(ReasonCode.SessionTakenOver, kicked.ReasonCode);

        var (pub, _) = await Client.ConnectAsync(broker, "pub");
        await Client.PublishAsync(pub, "cmd/dev", "go", MqttQualityOfServiceLevel.AtLeastOnce);
        var delivered = Assert.IsType<PublishPacket>(await second.ReceiveAsync());
        Assert.Equal("go", Encoding.UTF8.GetString(delivered.Payload.Span));
        pub.Dispose();
    }

    [Fact]
    public async Task Session_with_expiry_zero_is_gone_after_disconnect()
    {
        await using var broker = new TestBroker();
        var (sub, _) = await Client.ConnectAsync(broker, "sub", configure: o => o.WithCleanStart(false).WithSessionExpiryInterval(0));
        await Client.SubscribeAsync(sub, "x");
        await sub.DisconnectAsync();
        sub.Dispose();
        await Client.WaitOfflineAsync(broker, "sub");
        // The DISCONNECT is processed on the broker's side of the other socket: wait (bounded) until it was.
        for (var i = 0; i < 100 && broker.Broker.Core.Sessions.Find("sub") is not null; i++)
        {
            await Task.Delay(20);
        }

        Assert.Null(broker.Broker.Core.Sessions.Find("sub"));
        Assert.Equal(0, broker.Broker.Core.Trie.Count);
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(Client.Options(broker, "sub").WithCleanStart(false).Build());
        Assert.False(result.IsSessionPresent);
        client.Dispose();
    }
}
