using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using Palisade.Broker.Tests.Support;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;
using MqttProtocolVersion = MQTTnet.Formatter.MqttProtocolVersion;

namespace Palisade.Broker.Tests.Protocol;

public class DeliveryFeatureTests
{
    private static Task<MqttClientSubscribeResult> SubscribeAsync(IMqttClient client, string filter, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce,
        bool noLocal = false, bool retainAsPublished = false, MqttRetainHandling retainHandling = MqttRetainHandling.SendAtSubscribe, uint subscriptionId = 0)
    {
        var builder = new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, qos, noLocal, retainAsPublished, retainHandling);
        if (subscriptionId != 0)
        {
            builder.WithSubscriptionIdentifier(subscriptionId);
        }

        return client.SubscribeAsync(builder.Build()).WaitAsync(Client.Timeout);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Retained_message_is_delivered_to_new_subscriber_and_deleted_by_empty_payload(MqttProtocolVersion version)
    {
        await using var broker = new TestBroker();
        var (publisher, _) = await Client.ConnectAsync(broker, "pub", version);
        await Client.PublishAsync(publisher, "state/valve", "open", MqttQualityOfServiceLevel.AtLeastOnce, retain: true);

        var (first, firstInbox) = await Client.ConnectAsync(broker, "s1", version);
        await Client.SubscribeAsync(first, "state/#");
        var retained = await firstInbox.NextAsync();
        Assert.Equal("open", retained.Text());
        Assert.True(retained.Retain);

        await Client.PublishAsync(publisher, "state/valve", "", MqttQualityOfServiceLevel.AtLeastOnce, retain: true);
        await firstInbox.NextAsync(); // the live delete is still delivered to existing subscribers
        var (second, secondInbox) = await Client.ConnectAsync(broker, "s2", version);
        await Client.SubscribeAsync(second, "state/#");
        await secondInbox.AssertNothingAsync();
        publisher.Dispose();
        first.Dispose();
        second.Dispose();
    }

    [Fact]
    public async Task Retain_handling_controls_when_retained_messages_are_sent()
    {
        await using var broker = new TestBroker();
        var (publisher, _) = await Client.ConnectAsync(broker, "pub");
        await Client.PublishAsync(publisher, "cfg/a", "1", MqttQualityOfServiceLevel.AtLeastOnce, retain: true);
        var (sub, inbox) = await Client.ConnectAsync(broker, "sub");

        await SubscribeAsync(sub, "cfg/+", retainHandling: MqttRetainHandling.DoNotSendOnSubscribe);
        await inbox.AssertNothingAsync();

        await SubscribeAsync(sub, "cfg/#", retainHandling: MqttRetainHandling.SendAtSubscribeIfNewSubscriptionOnly);
        Assert.Equal("1", (await inbox.NextAsync()).Text());
        await SubscribeAsync(sub, "cfg/#", retainHandling: MqttRetainHandling.SendAtSubscribeIfNewSubscriptionOnly);
        await inbox.AssertNothingAsync();
        publisher.Dispose();
        sub.Dispose();
    }

    [Fact]
    public async Task Retain_as_published_keeps_the_retain_flag_on_live_messages()
    {
        await using var broker = new TestBroker();
        var (publisher, _) = await Client.ConnectAsync(broker, "pub");
        var (plain, plainInbox) = await Client.ConnectAsync(broker, "plain");
        var (rap, rapInbox) = await Client.ConnectAsync(broker, "rap");
        await SubscribeAsync(plain, "s/x");
        await SubscribeAsync(rap, "s/x", retainAsPublished: true);

        await Client.PublishAsync(publisher, "s/x", "v", MqttQualityOfServiceLevel.AtLeastOnce, retain: true);

        Assert.False((await plainInbox.NextAsync()).Retain);
        Assert.True((await rapInbox.NextAsync()).Retain);
        publisher.Dispose();
        plain.Dispose();
        rap.Dispose();
    }

    [Fact]
    public async Task No_local_subscription_does_not_receive_its_own_messages()
    {
        await using var broker = new TestBroker();
        var (self, selfInbox) = await Client.ConnectAsync(broker, "self");
        var (other, otherInbox) = await Client.ConnectAsync(broker, "other");
        await SubscribeAsync(self, "chat", noLocal: true);
        await SubscribeAsync(other, "chat");

        await Client.PublishAsync(self, "chat", "hello", MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.Equal("hello", (await otherInbox.NextAsync()).Text());
        await selfInbox.AssertNothingAsync();
        self.Dispose();
        other.Dispose();
    }

    [Fact]
    public async Task Delivery_is_downgraded_to_the_granted_QoS()
    {
        await using var broker = new TestBroker();
        var (sub, inbox) = await Client.ConnectAsync(broker, "sub");
        var (pub, _) = await Client.ConnectAsync(broker, "pub");
        await SubscribeAsync(sub, "t", MqttQualityOfServiceLevel.AtMostOnce);

        await Client.PublishAsync(pub, "t", "x", MqttQualityOfServiceLevel.ExactlyOnce);

        Assert.Equal(MqttQualityOfServiceLevel.AtMostOnce, (await inbox.NextAsync()).QualityOfServiceLevel);
        sub.Dispose();
        pub.Dispose();
    }

    [Fact]
    public async Task Subscription_identifiers_are_carried_and_overlaps_deliver_one_copy_with_all()
    {
        await using var broker = new TestBroker();
        var (sub, inbox) = await Client.ConnectAsync(broker, "sub");
        var (pub, _) = await Client.ConnectAsync(broker, "pub");
        await SubscribeAsync(sub, "line/+/speed", subscriptionId: 7);
        await SubscribeAsync(sub, "line/#", MqttQualityOfServiceLevel.ExactlyOnce, subscriptionId: 9);

        await Client.PublishAsync(pub, "line/1/speed", "3", MqttQualityOfServiceLevel.ExactlyOnce);

        var message = await inbox.NextAsync();
        Assert.Equal([7u, 9u], message.SubscriptionIdentifiers.Order());
        Assert.Equal(MqttQualityOfServiceLevel.ExactlyOnce, message.QualityOfServiceLevel);
        await inbox.AssertNothingAsync();
        sub.Dispose();
        pub.Dispose();
    }

    [Fact]
    public async Task Shared_subscription_distributes_messages_round_robin()
    {
        await using var broker = new TestBroker();
        var (a, aInbox) = await Client.ConnectAsync(broker, "worker-a");
        var (b, bInbox) = await Client.ConnectAsync(broker, "worker-b");
        var (pub, _) = await Client.ConnectAsync(broker, "pub");
        await SubscribeAsync(a, "$share/workers/jobs/+");
        await SubscribeAsync(b, "$share/workers/jobs/+");

        for (var i = 0; i < 10; i++)
        {
            await Client.PublishAsync(pub, $"jobs/{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture), MqttQualityOfServiceLevel.AtLeastOnce);
        }

        var received = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            received.Add((await aInbox.NextAsync()).Topic);
            received.Add((await bInbox.NextAsync()).Topic);
        }

        Assert.Equal(10, received.Distinct().Count());
        await aInbox.AssertNothingAsync();
        await bInbox.AssertNothingAsync();
        a.Dispose();
        b.Dispose();
        pub.Dispose();
    }

    [Fact]
    public async Task No_local_on_a_shared_subscription_is_a_protocol_error()
    {
        await using var broker = new TestBroker();
        await using var client = await RawClient.ConnectAsync(broker, new ConnectPacket { ClientId = "c" });

        await client.SendAsync(new SubscribePacket { PacketId = 1, Subscriptions = [new Subscription("$share/g/t", QualityOfService.AtMostOnce, NoLocal: true)] });

        var disconnect = Assert.IsType<DisconnectPacket>(await client.ReceiveAsync());
        Assert.Equal(ReasonCode.ProtocolError, disconnect.ReasonCode);
    }

    [Fact]
    public async Task Invalid_topic_filter_is_refused_per_filter_in_suback()
    {
        await using var broker = new TestBroker();
        await using var client = await RawClient.ConnectAsync(broker, new ConnectPacket { ClientId = "c" });

        await client.SendAsync(new SubscribePacket
        {
            PacketId = 3,
            Subscriptions = [new Subscription("a/#/b", QualityOfService.AtLeastOnce), new Subscription("a/+", QualityOfService.ExactlyOnce), new Subscription("$share//x", QualityOfService.AtMostOnce)],
        });

        var subAck = Assert.IsType<SubAckPacket>(await client.ReceiveAsync());
        Assert.Equal([ReasonCode.TopicFilterInvalid, ReasonCode.GrantedQoS2, ReasonCode.TopicFilterInvalid], subAck.ReasonCodes);
    }

    [Fact]
    public async Task Unsubscribe_stops_delivery_and_reports_unknown_filters()
    {
        await using var broker = new TestBroker();
        await using var client = await RawClient.ConnectAsync(broker, new ConnectPacket { ClientId = "c" });
        await client.SendAsync(new SubscribePacket { PacketId = 1, Subscriptions = [new Subscription("u/t", QualityOfService.AtMostOnce)] });
        Assert.IsType<SubAckPacket>(await client.ReceiveAsync());

        await client.SendAsync(new UnsubscribePacket { PacketId = 2, TopicFilters = ["u/t", "never"] });
        var unsubAck = Assert.IsType<UnsubAckPacket>(await client.ReceiveAsync());
        Assert.Equal([ReasonCode.Success, ReasonCode.NoSubscriptionExisted], unsubAck.ReasonCodes);

        await client.SendAsync(new PublishPacket { Topic = "u/t", Payload = "x"u8.ToArray() });
        await client.SendAsync(PingReqPacket.Instance);
        Assert.IsType<PingRespPacket>(await client.ReceiveAsync());
    }

    [Fact]
    public async Task Inbound_topic_alias_is_resolved_for_subscribers()
    {
        await using var broker = new TestBroker();
        var (sub, inbox) = await Client.ConnectAsync(broker, "sub");
        await SubscribeAsync(sub, "long/topic/name");
        await using var pub = await RawClient.ConnectAsync(broker, new ConnectPacket { ClientId = "pub" });

        await pub.SendAsync(new PublishPacket { Topic = "long/topic/name", TopicAlias = 1, Payload = "1"u8.ToArray() });
        await pub.SendAsync(new PublishPacket { Topic = "", TopicAlias = 1, Payload = "2"u8.ToArray() });

        var first = await inbox.NextAsync();
        var second = await inbox.NextAsync();
        Assert.Equal(("long/topic/name", "1"), (first.Topic, first.Text()));
        Assert.Equal(("long/topic/name", "2"), (second.Topic, second.Text()));
        sub.Dispose();
    }

    [Fact]
    public async Task Topic_alias_above_the_maximum_disconnects_with_0x94()
    {
        await using var broker = new TestBroker(new BrokerOptions { TopicAliasMaximum = 4 });
        await using var client = await RawClient.ConnectAsync(broker, new ConnectPacket { ClientId = "c" });

        await client.SendAsync(new PublishPacket { Topic = "t", TopicAlias = 5, Payload = "x"u8.ToArray() });

        var bytes = await client.ReadToEndAsync();
        Assert.Equal(0xE0, bytes[0]);
        Assert.Equal((byte)ReasonCode.TopicAliasInvalid, bytes[2]);
    }

    [Fact]
    public async Task Message_expiry_interval_is_sent_as_the_remaining_lifetime()
    {
        await using var broker = new TestBroker();
        var (sub, inbox) = await Client.ConnectAsync(broker, "sub");
        var (pub, _) = await Client.ConnectAsync(broker, "pub");
        await SubscribeAsync(sub, "e");

        await pub.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("e").WithPayload("x").WithMessageExpiryInterval(100).Build());

        var interval = (await inbox.NextAsync()).MessageExpiryInterval;
        Assert.InRange(interval, 1u, 100u);
        sub.Dispose();
        pub.Dispose();
    }

    [Fact]
    public async Task Expired_message_is_dropped_from_an_offline_session_queue()
    {
        await using var broker = new TestBroker();
        var (sub, _) = await Client.ConnectAsync(broker, "sub", configure: o => o.WithCleanStart(true).WithSessionExpiryInterval(300));
        await SubscribeAsync(sub, "e/#");
        await sub.DisconnectAsync();
        sub.Dispose();
        await Client.WaitOfflineAsync(broker, "sub");
        var (pub, _) = await Client.ConnectAsync(broker, "pub");
        await pub.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("e/short").WithPayload("gone").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithMessageExpiryInterval(1).Build());
        await pub.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("e/long").WithPayload("kept").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithMessageExpiryInterval(600).Build());

        await Task.Delay(TimeSpan.FromSeconds(2.2));
        var (again, inbox) = await Client.ConnectAsync(broker, "sub", configure: o => o.WithCleanStart(false).WithSessionExpiryInterval(300));

        var message = await inbox.NextAsync();
        Assert.Equal("kept", message.Text());
        Assert.InRange(message.MessageExpiryInterval, 590u, 600u);
        await inbox.AssertNothingAsync();
        Assert.Equal(1, broker.Broker.Stats.DroppedExpired);
        again.Dispose();
        pub.Dispose();
    }

    [Fact]
    public async Task Message_larger_than_the_clients_maximum_packet_size_is_not_sent()
    {
        await using var broker = new TestBroker();
        var (sub, inbox) = await Client.ConnectAsync(broker, "sub", configure: o => o.WithMaximumPacketSize(200));
        var (pub, _) = await Client.ConnectAsync(broker, "pub");
        await SubscribeAsync(sub, "m");

        await Client.PublishAsync(pub, "m", new string('x', 500), MqttQualityOfServiceLevel.AtLeastOnce);
        await Client.PublishAsync(pub, "m", "small", MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.Equal("small", (await inbox.NextAsync()).Text());
        Assert.Equal(1, broker.Broker.Stats.DroppedTooLarge);
        sub.Dispose();
        pub.Dispose();
    }

    [Fact]
    public async Task Packet_larger_than_the_broker_maximum_disconnects_with_0x95()
    {
        await using var broker = new TestBroker(new BrokerOptions { MaximumPacketSize = 1000 });
        await using var client = await RawClient.ConnectAsync(broker, new ConnectPacket { ClientId = "c" });

        await client.SendAsync(new PublishPacket { Topic = "t", Payload = new byte[2000] });

        var bytes = await client.ReadToEndAsync();
        Assert.Equal(0xE0, bytes[0]);
        Assert.Equal((byte)ReasonCode.PacketTooLarge, bytes[2]);
    }

    [Fact]
    public async Task Malformed_packet_disconnects_a_5_client_with_0x81()
    {
        await using var broker = new TestBroker();
        await using var client = await RawClient.ConnectAsync(broker, new ConnectPacket { ClientId = "c" });

        // SUBSCRIBE with reserved flags 0000 instead of 0010.
        await client.SendRawAsync(new byte[] { 0x80, 0x06, 0x00, 0x01, 0x00, 0x00, 0x01, (byte)'t' });

        var bytes = await client.ReadToEndAsync();
        Assert.Equal(0xE0, bytes[0]);
        Assert.Equal((byte)ReasonCode.MalformedPacket, bytes[2]);
    }

    [Fact]
    public async Task Protocol_violation_closes_a_311_client_without_disconnect()
    {
        await using var broker = new TestBroker();
        await using var client = await RawClient.ConnectAsync(broker, new ConnectPacket { ProtocolVersion = Mqtt.MqttProtocolVersion.V311, ClientId = "c" });

        await client.SendAsync(new ConnectPacket { ProtocolVersion = Mqtt.MqttProtocolVersion.V311, ClientId = "c" });

        Assert.Empty(await client.ReadToEndAsync());
    }

    [Fact]
    public async Task Second_connect_disconnects_a_5_client_with_protocol_error()
    {
        await using var broker = new TestBroker();
        await using var client = await RawClient.ConnectAsync(broker, new ConnectPacket { ClientId = "c" });

        await client.SendAsync(new ConnectPacket { ClientId = "c" });

        var disconnect = Assert.IsType<DisconnectPacket>(await client.ReceiveAsync());
        Assert.Equal(ReasonCode.ProtocolError, disconnect.ReasonCode);
        Assert.Equal(1, broker.Broker.Stats.ProtocolViolations);
    }

    [Fact]
    public async Task Exactly_once_inbound_routes_a_resent_publish_only_once()
    {
        await using var broker = new TestBroker();
        var (sub, inbox) = await Client.ConnectAsync(broker, "sub");
        await SubscribeAsync(sub, "q2");
        await using var pub = await RawClient.ConnectAsync(broker, new ConnectPacket { ClientId = "pub" });

        var publish = new PublishPacket { Topic = "q2", QoS = QualityOfService.ExactlyOnce, PacketId = 42, Payload = "once"u8.ToArray() };
        await pub.SendAsync(publish);
        var pubRec = Assert.IsType<PubAckPacket>(await pub.ReceiveAsync());
        Assert.Equal((MqttPacketType.PubRec, (ushort)42), (pubRec.Type, pubRec.PacketId));
        publish.Dup = true;
        await pub.SendAsync(publish);
        Assert.Equal(MqttPacketType.PubRec, Assert.IsType<PubAckPacket>(await pub.ReceiveAsync()).Type);
        await pub.SendAsync(new PubAckPacket(MqttPacketType.PubRel, 42));
        var pubComp = Assert.IsType<PubAckPacket>(await pub.ReceiveAsync());
        Assert.Equal((MqttPacketType.PubComp, ReasonCode.Success), (pubComp.Type, pubComp.ReasonCode));

        Assert.Equal("once", (await inbox.NextAsync()).Text());
        await inbox.AssertNothingAsync();
        sub.Dispose();
    }

    [Fact]
    public async Task Exceeding_the_receive_maximum_disconnects_with_0x93()
    {
        await using var broker = new TestBroker(new BrokerOptions { ReceiveMaximum = 2 });
        await using var client = await RawClient.ConnectAsync(broker, new ConnectPacket { ClientId = "c" });

        for (ushort id = 1; id <= 3; id++)
        {
            await client.SendAsync(new PublishPacket { Topic = "t", QoS = QualityOfService.ExactlyOnce, PacketId = id, Payload = "x"u8.ToArray() });
        }

        Assert.Equal(MqttPacketType.PubRec, Assert.IsType<PubAckPacket>(await client.ReceiveAsync()).Type);
        Assert.Equal(MqttPacketType.PubRec, Assert.IsType<PubAckPacket>(await client.ReceiveAsync()).Type);
        var disconnect = Assert.IsType<DisconnectPacket>(await client.ReceiveAsync());
        Assert.Equal(ReasonCode.ReceiveMaximumExceeded, disconnect.ReasonCode);
    }

    [Fact]
    public async Task Outbound_inflight_window_respects_the_clients_receive_maximum()
    {
        await using var broker = new TestBroker();
        await using var sub = await RawClient.ConnectAsync(broker, new ConnectPacket { ClientId = "sub", ReceiveMaximum = 2 });
        await sub.SendAsync(new SubscribePacket { PacketId = 1, Subscriptions = [new Subscription("w", QualityOfService.AtLeastOnce)] });
        Assert.IsType<SubAckPacket>(await sub.ReceiveAsync());
        var (pub, _) = await Client.ConnectAsync(broker, "pub");
        for (var i = 0; i < 3; i++)
        {
            await Client.PublishAsync(pub, "w", $"{i}", MqttQualityOfServiceLevel.AtLeastOnce);
        }

        var first = Assert.IsType<PublishPacket>(await sub.ReceiveAsync());
        Assert.IsType<PublishPacket>(await sub.ReceiveAsync());
        // The third waits for an acknowledgement.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sub.ReceiveAsync(TimeSpan.FromMilliseconds(400)));
        await sub.SendAsync(new PubAckPacket(MqttPacketType.PubAck, first.PacketId));
        var third = Assert.IsType<PublishPacket>(await sub.ReceiveAsync());
        Assert.Equal("2", Encoding.UTF8.GetString(third.Payload.Span));
        pub.Dispose();
    }
}
