using Palisade.Broker.Sessions;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Tests.Sessions;

public class OutboundQueueTests
{
    private static QueuedMessage Msg(string topic, QualityOfService qos, int payload = 0) =>
        new(new PublishPacket { Topic = topic, QoS = qos, Payload = new byte[payload] }, qos, false, null, long.MaxValue);

    private static List<string> Drain(OutboundQueue queue, bool allowQoS12 = true)
    {
        var topics = new List<string>();
        while (queue.TryDequeue(allowQoS12, out var m))
        {
            topics.Add(m.Message.Topic);
        }

        return topics;
    }

    [Fact]
    public void Messages_leave_in_arrival_order_across_QoS_levels()
    {
        var queue = new OutboundQueue();
        queue.Enqueue(Msg("1", QualityOfService.AtMostOnce), 10, 1000, out _);
        queue.Enqueue(Msg("2", QualityOfService.AtLeastOnce), 10, 1000, out _);
        queue.Enqueue(Msg("3", QualityOfService.AtMostOnce), 10, 1000, out _);
        queue.Enqueue(Msg("4", QualityOfService.ExactlyOnce), 10, 1000, out _);

        Assert.Equal(["1", "2", "3", "4"], Drain(queue));
        Assert.Equal(0, queue.Count);
        Assert.Equal(0, queue.Bytes);
    }

    [Fact]
    public void Full_queue_drops_the_oldest_QoS0_message_first()
    {
        var queue = new OutboundQueue();
        queue.Enqueue(Msg("q0-old", QualityOfService.AtMostOnce), 3, 1000, out _);
        queue.Enqueue(Msg("q1", QualityOfService.AtLeastOnce), 3, 1000, out _);
        queue.Enqueue(Msg("q0-new", QualityOfService.AtMostOnce), 3, 1000, out _);

        var result = queue.Enqueue(Msg("q1-late", QualityOfService.AtLeastOnce), 3, 1000, out var dropped);

        Assert.Equal(EnqueueResult.QueuedDroppedOldest, result);
        Assert.Equal("q0-old", dropped.Message.Topic);
        Assert.Equal(["q1", "q0-new", "q1-late"], Drain(queue));
    }

    [Fact]
    public void Full_queue_without_QoS0_rejects_the_new_message()
    {
        var queue = new OutboundQueue();
        queue.Enqueue(Msg("a", QualityOfService.AtLeastOnce), 2, 1000, out _);
        queue.Enqueue(Msg("b", QualityOfService.ExactlyOnce), 2, 1000, out _);

        Assert.Equal(EnqueueResult.RejectedQueueFull, queue.Enqueue(Msg("c", QualityOfService.AtLeastOnce), 2, 1000, out _));
        Assert.Equal(EnqueueResult.RejectedQueueFull, queue.Enqueue(Msg("d", QualityOfService.AtMostOnce), 2, 1000, out _));
        Assert.Equal(["a", "b"], Drain(queue));
    }

    [Fact]
    public void Byte_limit_bounds_the_queue_like_the_count_limit()
    {
        var queue = new OutboundQueue();
        queue.Enqueue(Msg("a", QualityOfService.AtMostOnce, 99), 100, 250, out _);
        queue.Enqueue(Msg("b", QualityOfService.AtMostOnce, 99), 100, 250, out _);
        queue.Enqueue(Msg("c", QualityOfService.AtMostOnce, 99), 100, 250, out _);

        Assert.True(queue.Bytes <= 250);
        Assert.Equal(["b", "c"], Drain(queue));
    }

    [Fact]
    public void Closed_inflight_window_holds_back_QoS12_but_not_QoS0()
    {
        var queue = new OutboundQueue();
        queue.Enqueue(Msg("q1", QualityOfService.AtLeastOnce), 10, 1000, out _);
        queue.Enqueue(Msg("q0", QualityOfService.AtMostOnce), 10, 1000, out _);

        Assert.Equal(["q0"], Drain(queue, allowQoS12: false));
        Assert.Equal(["q1"], Drain(queue));
    }

    [Fact]
    public void Offline_session_queues_QoS1_but_drops_QoS0_and_bounds_its_queue()
    {
        var session = new Session("c", maxQueuedMessages: 2, maxQueuedBytes: 1_000_000);
        Assert.Equal(EnqueueResult.DroppedOffline, session.Offer(Msg("a", QualityOfService.AtMostOnce), out _));
        Assert.Equal(EnqueueResult.Queued, session.Offer(Msg("b", QualityOfService.AtLeastOnce), out _));
        Assert.Equal(EnqueueResult.Queued, session.Offer(Msg("c", QualityOfService.AtLeastOnce), out _));
        Assert.Equal(EnqueueResult.RejectedQueueFull, session.Offer(Msg("d", QualityOfService.AtLeastOnce), out _));
        Assert.Equal(2, session.QueuedCount);
    }
}
