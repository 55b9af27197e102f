using MQTTnet.Protocol;
using Palisade.Broker.Tests.Support;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Tests.Protocol;

public class BackPressureTests
{
    [Fact]
    public async Task Stalled_subscriber_does_not_block_the_publisher_and_its_queue_stays_bounded()
    {
        await using var broker = new TestBroker(new BrokerOptions { MaximumQueuedMessages = 10 });
        // Receive Maximum 1 and never acknowledges: one delivery in flight, the rest queue up to the bound.
        await using var stalled = await RawClient.ConnectAsync(broker, new ConnectPacket { ClientId = "stalled", ReceiveMaximum = 1 });
        await stalled.SendAsync(new SubscribePacket { PacketId = 1, Subscriptions = [new Subscription("load", QualityOfService.AtLeastOnce)] });
        Assert.IsType<SubAckPacket>(await stalled.ReceiveAsync());
        var (healthy, healthyInbox) = await Client.ConnectAsync(broker, "healthy");
        await Client.SubscribeAsync(healthy, "load");
        var (publisher, _) = await Client.ConnectAsync(broker, "pub");

        for (var i = 0; i < 100; i++)
        {
            var result = await Client.PublishAsync(publisher, "load", $"{i}", MqttQualityOfServiceLevel.AtLeastOnce);
            Assert.True(result.IsSuccess);
        }

        for (var i = 0; i < 100; i++)
        {
            await healthyInbox.NextAsync();
        }

        Assert.Equal(10, broker.Broker.Core.Sessions.Find("stalled")!.QueuedCount);
        Assert.Equal(89, broker.Broker.Stats.RejectedQueueFull);
        healthy.Dispose();
        publisher.Dispose();
    }
}
