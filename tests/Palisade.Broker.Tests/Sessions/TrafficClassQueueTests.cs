using Palisade.Broker.Diagnostics;
using Palisade.Broker.Hooks;
using Palisade.Broker.Sessions;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Tests.Sessions;

public class TrafficClassQueueTests
{
    private static QueuedMessage Msg(string topic, TrafficClass trafficClass, QualityOfService qos = QualityOfService.AtMostOnce, int payload = 0) =>
        new(new PublishPacket { Topic = topic, QoS = qos, Payload = new byte[payload] }, qos, false, null, long.MaxValue, trafficClass);

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
    public void Control_is_served_before_event_and_event_before_bulk_queued_earlier()
    {
        var queue = new OutboundQueue();
        queue.Enqueue(Msg("b1", TrafficClass.Bulk), 10, 1000, out _);
        queue.Enqueue(Msg("e1", TrafficClass.Event, QualityOfService.AtLeastOnce), 10, 1000, out _);
        queue.Enqueue(Msg("b2", TrafficClass.Bulk, QualityOfService.AtLeastOnce), 10, 1000, out _);
        queue.Enqueue(Msg("c1", TrafficClass.Control), 10, 1000, out _);
        queue.Enqueue(Msg("e2", TrafficClass.Event), 10, 1000, out _);
        queue.Enqueue(Msg("c2", TrafficClass.Control, QualityOfService.AtLeastOnce), 10, 1000, out _);

        Assert.Equal(["c1", "c2", "e1", "e2", "b1", "b2"], Drain(queue));
    }

    [Fact]
    public void Closed_inflight_window_lets_lower_class_QoS0_pass_held_back_control_QoS1()
    {
        var queue = new OutboundQueue();
        queue.Enqueue(Msg("c1", TrafficClass.Control, QualityOfService.AtLeastOnce), 10, 1000, out _);
        queue.Enqueue(Msg("b1", TrafficClass.Bulk), 10, 1000, out _);

        Assert.Equal(["b1"], Drain(queue, allowQoS12: false));
        Assert.Equal(["c1"], Drain(queue));
    }

    [Fact]
    public void Full_queue_sheds_bulk_oldest_first_then_event_and_never_control()
    {
        var stats = new BrokerStats();
        var queue = new OutboundQueue(stats);
        queue.Enqueue(Msg("c0", TrafficClass.Control), 4, 1000, 100, out _);
        queue.Enqueue(Msg("e0", TrafficClass.Event), 4, 1000, 100, out _);
        queue.Enqueue(Msg("b0", TrafficClass.Bulk, QualityOfService.AtLeastOnce), 4, 1000, 100, out _);
        queue.Enqueue(Msg("b1", TrafficClass.Bulk), 4, 1000, 100, out _);

        // Bulk QoS 0 goes first, then Bulk QoS 1, then Event; Control stays.
        Assert.Equal(EnqueueResult.QueuedDroppedOldest, queue.Enqueue(Msg("c1", TrafficClass.Control), 4, 1000, 100, out var shed));
        Assert.Equal("b1", shed.Message.Topic);
        Assert.Equal(EnqueueResult.QueuedDroppedOldest, queue.Enqueue(Msg("c2", TrafficClass.Control), 4, 1000, 100, out shed));
        Assert.Equal("b0", shed.Message.Topic);
        Assert.Equal(EnqueueResult.QueuedDroppedOldest, queue.Enqueue(Msg("c3", TrafficClass.Control), 4, 1000, 100, out shed));
        Assert.Equal("e0", shed.Message.Topic);

        Assert.Equal(2, stats.QueueShed(TrafficClass.Bulk));
        Assert.Equal(1, stats.QueueShed(TrafficClass.Event));
        Assert.Equal(0, stats.QueueShed(TrafficClass.Control));
        Assert.Equal(["c0", "c1", "c2", "c3"], Drain(queue));
    }

    [Fact]
    public void New_bulk_sheds_only_bulk_QoS0_and_is_rejected_by_a_queue_of_events()
    {
        var queue = new OutboundQueue();
        queue.Enqueue(Msg("e0", TrafficClass.Event), 2, 1000, out _);
        queue.Enqueue(Msg("b0", TrafficClass.Bulk, QualityOfService.AtLeastOnce), 2, 1000, out _);

        Assert.Equal(EnqueueResult.RejectedQueueFull, queue.Enqueue(Msg("b1", TrafficClass.Bulk), 2, 1000, out _));
        // An Event may displace accepted Bulk QoS 1, but an Event QoS 1 never sheds an Event QoS 1.
        Assert.Equal(EnqueueResult.QueuedDroppedOldest, queue.Enqueue(Msg("e1", TrafficClass.Event, QualityOfService.AtLeastOnce), 2, 1000, out var shed));
        Assert.Equal("b0", shed.Message.Topic);
        Assert.Equal(EnqueueResult.QueuedDroppedOldest, queue.Enqueue(Msg("e2", TrafficClass.Event), 2, 1000, out shed));
        Assert.Equal("e0", shed.Message.Topic);
        Assert.Equal(EnqueueResult.QueuedDroppedOldest, queue.Enqueue(Msg("e3", TrafficClass.Event, QualityOfService.AtLeastOnce), 2, 1000, out shed));
        Assert.Equal("e2", shed.Message.Topic);
        Assert.Equal(EnqueueResult.RejectedQueueFull, queue.Enqueue(Msg("e4", TrafficClass.Event, QualityOfService.AtLeastOnce), 2, 1000, out _));
        Assert.Equal(["e1", "e3"], Drain(queue));
    }

    [Fact]
    public void Control_exceeds_the_shared_bound_up_to_its_hard_limit_then_is_refused()
    {
        var queue = new OutboundQueue();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(EnqueueResult.Queued, queue.Enqueue(Msg($"c{i}", TrafficClass.Control, QualityOfService.AtLeastOnce), 2, 1000, 5, out _));
        }

        Assert.Equal(EnqueueResult.RejectedControlLimit, queue.Enqueue(Msg("c5", TrafficClass.Control), 2, 1000, 5, out _));
        Assert.Equal(EnqueueResult.RejectedQueueFull, queue.Enqueue(Msg("b", TrafficClass.Bulk), 2, 1000, 5, out _));
        Assert.Equal(5, queue.ControlCount);
        Assert.Equal(["c0", "c1", "c2", "c3", "c4"], Drain(queue));
    }

    [Fact]
    public void Node_queued_bytes_follow_enqueue_shed_dequeue_and_clear()
    {
        var stats = new BrokerStats();
        var a = new OutboundQueue(stats);
        var b = new OutboundQueue(stats);
        a.Enqueue(Msg("t", TrafficClass.Bulk, payload: 99), 2, 1000, out _);
        a.Enqueue(Msg("t", TrafficClass.Bulk, payload: 99), 2, 1000, out _);
        b.Enqueue(Msg("u", TrafficClass.Event, payload: 49), 10, 1000, out _);
        Assert.Equal(250, stats.QueuedBytes);

        a.Enqueue(Msg("t", TrafficClass.Bulk, payload: 99), 2, 1000, out _); // sheds one: still 250
        Assert.Equal(250, stats.QueuedBytes);
        Assert.True(a.TryDequeue(true, out _));
        Assert.Equal(150, stats.QueuedBytes);
        a.Clear();
        b.TryDequeue(true, out _);
        Assert.Equal(0, stats.QueuedBytes);
    }

    [Fact]
    public void Empty_queue_releases_its_lanes()
    {
        var queue = new OutboundQueue();
        for (var i = 0; i < 100; i++)
        {
            queue.Enqueue(Msg("c", TrafficClass.Control), 1000, 100_000, out _);
            queue.Enqueue(Msg("b", TrafficClass.Bulk), 1000, 100_000, out _);
        }

        Drain(queue);
        queue.TrimIfEmpty(keepCapacity: 32);
        Assert.False(queue.HasQoS0);
        Assert.Equal(0, queue.Count);
        // Usable again after trimming.
        queue.Enqueue(Msg("e", TrafficClass.Event), 10, 1000, out _);
        Assert.Equal(["e"], Drain(queue));
    }
}
