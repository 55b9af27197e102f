using Palisade.Broker.Hooks;
using Palisade.Broker.Tests.Support;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Tests.Protocol;

public class TrafficClassTests
{
    private static PublishPacket Publish(string topic, ushort packetId, int payload = 10) =>
        new() { Topic = topic, QoS = QualityOfService.AtLeastOnce, PacketId = packetId, Payload = new byte[payload] };

    /// <summary>A subscriber that allows one QoS 1 delivery in flight and acknowledges only when told.</summary>
    private static async Task<RawClient> StalledSubscriberAsync(TestBroker broker, string clientId = "device")
    {
        var client = await RawClient.ConnectAsync(broker, new ConnectPacket { ClientId = clientId, ReceiveMaximum = 1 });
        await client.SendAsync(new SubscribePacket { PacketId = 1, Subscriptions = [new Subscription("#", QualityOfService.AtLeastOnce)] });
        Assert.IsType<SubAckPacket>(await client.ReceiveAsync());
        return client;
    }

    private static async Task PublishAllAsync(RawClient publisher, IEnumerable<PublishPacket> packets)
    {
        foreach (var packet in packets)
        {
            await publisher.SendAsync(packet);
            var ack = Assert.IsType<PubAckPacket>(await publisher.ReceiveAsync());
            Assert.Equal(packet.PacketId, ack.PacketId);
        }
    }

    [Fact]
    public async Task Command_is_delivered_before_telemetry_queued_earlier()
    {
        await using var broker = new TestBroker(admission: ClassByTopicAdmission.Instance);
        await using var device = await StalledSubscriberAsync(broker);
        await using var publisher = await RawClient.ConnectAsync(broker, new ConnectPacket { ClientId = "pub" });

        await PublishAllAsync(publisher, Enumerable.Range(1, 10).Select(i => Publish($"tele/{i}", (ushort)i)));
        await PublishAllAsync(publisher, [Publish("evt/alarm", 20), Publish("cmd/stop", 21)]);

        // tele/1 was in flight before the command arrived; everything after it is served by class.
        var first = Assert.IsType<PublishPacket>(await device.ReceiveAsync());
        Assert.Equal("tele/1", first.Topic);
        var order = new List<string>();
        var packetId = first.PacketId;
        for (var i = 0; i < 11; i++)
        {
            await device.SendAsync(new PubAckPacket(MqttPacketType.PubAck, packetId));
            var next = Assert.IsType<PublishPacket>(await device.ReceiveAsync());
            order.Add(next.Topic);
            packetId = next.PacketId;
        }

        Assert.Equal(["cmd/stop", "evt/alarm", .. Enumerable.Range(2, 9).Select(i => $"tele/{i}")], order);
    }

    [Fact]
    public async Task Full_queue_sheds_telemetry_for_a_command_and_counts_it()
    {
        await using var broker = new TestBroker(new BrokerOptions { MaximumQueuedMessages = 5 }, admission: ClassByTopicAdmission.Instance);
        await using var device = await StalledSubscriberAsync(broker);
        await using var publisher = await RawClient.ConnectAsync(broker, new ConnectPacket { ClientId = "pub" });

        // 1 in flight + 5 queued; the rest of the telemetry is rejected (Bulk never sheds accepted QoS 1).
        await PublishAllAsync(publisher, Enumerable.Range(1, 8).Select(i => Publish($"tele/{i}", (ushort)i)));
        await PublishAllAsync(publisher, [Publish("cmd/a", 30), Publish("cmd/b", 31)]);

        var stats = broker.Broker.Stats;
        Assert.Equal(2, stats.QueueRejected(TrafficClass.Bulk));
        Assert.Equal(2, stats.QueueShed(TrafficClass.Bulk));
        Assert.Equal(0, stats.QueueShed(TrafficClass.Control) + stats.QueueRejected(TrafficClass.Control));
        Assert.Equal(5, broker.Broker.Core.Sessions.Find("device")!.QueuedCount);

        var packetId = Assert.IsType<PublishPacket>(await device.ReceiveAsync()).PacketId;
        await device.SendAsync(new PubAckPacket(MqttPacketType.PubAck, packetId));
        Assert.Equal("cmd/a", Assert.IsType<PublishPacket>(await device.ReceiveAsync()).Topic);
    }

    [Fact]
    public async Task Node_budget_sheds_bulk_then_event_at_routing_time_and_never_control()
    {
        // Budget 1,000 bytes: Bulk shed above 500, Event above 800. Each message queues 100 + topic bytes.
        var options = new BrokerOptions { NodeQueuedBytesBudget = 1000, NodeShedBulkPercent = 50, NodeShedEventPercent = 80 };
        await using var broker = new TestBroker(options, admission: ClassByTopicAdmission.Instance);
        await using var device = await StalledSubscriberAsync(broker);
        await using var publisher = await RawClient.ConnectAsync(broker, new ConnectPacket { ClientId = "pub" });

        ushort id = 1;
        await PublishAllAsync(publisher, Enumerable.Range(0, 10).Select(_ => Publish("tele/x", id++, 100)));
        var stats = broker.Broker.Stats;
        Assert.True(stats.NodeShed(TrafficClass.Bulk) > 0);
        Assert.True(stats.QueuedBytes is > 500 and < 800, $"queued {stats.QueuedBytes}");

        await PublishAllAsync(publisher, Enumerable.Range(0, 5).Select(_ => Publish("evt/x", id++, 100)));
        Assert.True(stats.NodeShed(TrafficClass.Event) > 0);

        await PublishAllAsync(publisher, Enumerable.Range(0, 5).Select(_ => Publish("cmd/x", id++, 100)));
        Assert.Equal(0, stats.NodeShed(TrafficClass.Control));
        Assert.True(stats.QueuedBytes > 800 + (4 * 100));
        Assert.Equal(stats.NodeShed(TrafficClass.Bulk) + stats.NodeShed(TrafficClass.Event), 20 - 1 - broker.Broker.Core.Sessions.Find("device")!.QueuedCount);
    }

    [Fact]
    public async Task Subscriber_whose_commands_pass_the_control_hard_limit_is_disconnected_with_quota_exceeded()
    {
        var options = new BrokerOptions { MaximumQueuedMessages = 2, MaximumQueuedControlMessages = 3 };
        await using var broker = new TestBroker(options, admission: ClassByTopicAdmission.Instance);
        await using var device = await StalledSubscriberAsync(broker);
        await using var publisher = await RawClient.ConnectAsync(broker, new ConnectPacket { ClientId = "pub" });

        // 1 in flight, 3 queued (past the shared bound of 2), the 5th passes the hard limit; the 6th finds it closing.
        await PublishAllAsync(publisher, Enumerable.Range(1, 6).Select(i => Publish("cmd/x", (ushort)i)));

        Assert.IsType<PublishPacket>(await device.ReceiveAsync());
        var disconnect = Assert.IsType<DisconnectPacket>(await device.ReceiveAsync());
        Assert.Equal(ReasonCode.QuotaExceeded, disconnect.ReasonCode);
        Assert.Equal(1, broker.Broker.Stats.SlowConsumerDisconnects);
        Assert.Equal(0, broker.Broker.Stats.QueueShed(TrafficClass.Control));
    }
}
