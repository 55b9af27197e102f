using System.Collections.Concurrent;
using Palisade.Broker.Hooks;
using Palisade.Broker.Tests.Support;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Tests.Durability;

/// <summary>QoS 1/2 acknowledgements follow the message store's commit, in the order the PUBLISHes arrived.</summary>
public class AckAfterStoreTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    /// <summary>A store whose commits the test completes by hand, in any order.</summary>
    private sealed class ManualStore : IMessageStore
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<ReasonCode>> _pending = new();
        private readonly SemaphoreSlim _calls = new(0);

        public ConcurrentQueue<(string Topic, TrafficClass Class)> Received { get; } = new();

        public Func<PublishPacket, ReasonCode?>? Immediate { get; init; }

        public ValueTask<ReasonCode> StoreAsync(ClientIdentity publisher, PublishPacket message, TrafficClass trafficClass, CancellationToken cancellationToken)
        {
            Received.Enqueue((message.Topic, trafficClass));
            _calls.Release();
            if (Immediate?.Invoke(message) is { } now)
            {
                return ValueTask.FromResult(now);
            }

            var commit = new TaskCompletionSource<ReasonCode>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[message.Topic] = commit;
            return new ValueTask<ReasonCode>(commit.Task);
        }

        public async Task WaitForCallsAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                Assert.True(await _calls.WaitAsync(Client.Timeout), $"the store was called {i} times, expected {count}");
            }
        }

        public void Complete(string topic, ReasonCode result = ReasonCode.Success) => _pending[topic].SetResult(result);

        public void Fail(string topic) => _pending[topic].SetException(new InvalidOperationException("disk on fire"));
    }

    private static PublishPacket Publish(string topic, ushort id, QualityOfService qos = QualityOfService.AtLeastOnce) =>
        new() { Topic = topic, PacketId = id, QoS = qos, Payload = "x"u8.ToArray() };

    private static ConnectPacket Connect(MqttProtocolVersion version = MqttProtocolVersion.V500) =>
        new() { ClientId = "publisher", ProtocolVersion = version, CleanStart = true };

    private static async Task AssertSilentAsync(RawClient client) =>
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ReceiveAsync(Quiet));

    [Fact]
    public async Task Puback_is_withheld_until_the_store_commits()
    {
        var store = new ManualStore();
        await using var broker = new TestBroker(store: store);
        await using var client = await RawClient.ConnectAsync(broker, Connect());

        await client.SendAsync(Publish("t/1", 1));
        await store.WaitForCallsAsync(1);
        await AssertSilentAsync(client);

        store.Complete("t/1");
        var ack = Assert.IsType<PubAckPacket>(await client.ReceiveAsync());
        Assert.Equal(MqttPacketType.PubAck, ack.Type);
        Assert.Equal(1, ack.PacketId);
        Assert.Equal(ReasonCode.Success, ack.ReasonCode);
    }

    [Fact]
    public async Task Pubrec_of_QoS2_is_withheld_until_the_store_commits()
    {
        var store = new ManualStore();
        await using var broker = new TestBroker(store: store);
        await using var client = await RawClient.ConnectAsync(broker, Connect());

        await client.SendAsync(Publish("t/2", 7, QualityOfService.ExactlyOnce));
        await store.WaitForCallsAsync(1);
        await AssertSilentAsync(client);

        store.Complete("t/2");
        var rec = Assert.IsType<PubAckPacket>(await client.ReceiveAsync());
        Assert.Equal(MqttPacketType.PubRec, rec.Type);
        Assert.Equal(7, rec.PacketId);
    }

    [Fact]
    public async Task Reader_hands_later_publishes_to_the_store_while_earlier_commits_are_pending_and_acks_keep_publish_order()
    {
        var store = new ManualStore();
        await using var broker = new TestBroker(store: store);
        await using var client = await RawClient.ConnectAsync(broker, Connect());

        for (ushort id = 1; id <= 4; id++)
        {
            await client.SendAsync(Publish($"t/{id}", id));
        }

        // All four reached the store before any commit: the reader did not wait (they can share one group commit).
        await store.WaitForCallsAsync(4);

        // Commits finish out of order; nothing may overtake message 1.
        store.Complete("t/4");
        store.Complete("t/2");
        await AssertSilentAsync(client);
        store.Complete("t/1");
        Assert.Equal(1, Assert.IsType<PubAckPacket>(await client.ReceiveAsync()).PacketId);
        Assert.Equal(2, Assert.IsType<PubAckPacket>(await client.ReceiveAsync()).PacketId);
        await AssertSilentAsync(client);
        store.Complete("t/3");
        Assert.Equal(3, Assert.IsType<PubAckPacket>(await client.ReceiveAsync()).PacketId);
        Assert.Equal(4, Assert.IsType<PubAckPacket>(await client.ReceiveAsync()).PacketId);
    }

    [Fact]
    public async Task Ack_the_store_gives_at_once_and_a_refusal_queue_behind_a_held_ack()
    {
        var store = new ManualStore { Immediate = m => m.Topic.StartsWith("fast", StringComparison.Ordinal) ? ReasonCode.Success : null };
        var admission = new RefuseTopic("forbidden");
        await using var broker = new TestBroker(admission: admission, store: store);
        await using var client = await RawClient.ConnectAsync(broker, Connect());

        await client.SendAsync(Publish("slow", 1));
        await client.SendAsync(Publish("fast", 2));
        await client.SendAsync(Publish("forbidden", 3));
        await store.WaitForCallsAsync(2);
        await AssertSilentAsync(client);

        store.Complete("slow");
        var acks = new List<PubAckPacket>();
        for (var i = 0; i < 3; i++)
        {
            acks.Add(Assert.IsType<PubAckPacket>(await client.ReceiveAsync()));
        }

        Assert.Equal([1, 2, 3], acks.Select(a => (int)a.PacketId));
        Assert.Equal([ReasonCode.Success, ReasonCode.Success, ReasonCode.NotAuthorized], acks.Select(a => a.ReasonCode));
    }

    [Fact]
    public async Task Store_refusal_is_the_MQTT5_puback_reason_and_later_messages_still_flow()
    {
        var store = new ManualStore();
        await using var broker = new TestBroker(store: store);
        await using var client = await RawClient.ConnectAsync(broker, Connect());

        await client.SendAsync(Publish("full", 1));
        await client.SendAsync(Publish("ok", 2));
        await store.WaitForCallsAsync(2);
        store.Complete("full", ReasonCode.QuotaExceeded);
        store.Complete("ok");

        var first = Assert.IsType<PubAckPacket>(await client.ReceiveAsync());
        Assert.Equal((1, ReasonCode.QuotaExceeded), (first.PacketId, first.ReasonCode));
        var second = Assert.IsType<PubAckPacket>(await client.ReceiveAsync());
        Assert.Equal((2, ReasonCode.Success), (second.PacketId, second.ReasonCode));
    }

    [Fact]
    public async Task Store_exception_is_puback_0x80_for_MQTT5()
    {
        var store = new ManualStore();
        await using var broker = new TestBroker(store: store);
        await using (var client = await RawClient.ConnectAsync(broker, Connect()))
        {
            await client.SendAsync(Publish("broken", 1));
            await store.WaitForCallsAsync(1);
            store.Fail("broken");

            var ack = Assert.IsType<PubAckPacket>(await client.ReceiveAsync());
            Assert.Equal(ReasonCode.UnspecifiedError, ack.ReasonCode);
        }

        // The failure is logged as an error (and would otherwise fail the broker's own check at dispose).
        Assert.Contains(broker.Log.Errors, e => e.Contains(nameof(IMessageStore), StringComparison.Ordinal));
        broker.Log.Entries.Clear();
    }

    [Fact]
    public async Task Store_failure_closes_an_MQTT311_connection_without_acknowledging()
    {
        var store = new ManualStore();
        await using var broker = new TestBroker(store: store);
        await using var client = await RawClient.ConnectAsync(broker, Connect(MqttProtocolVersion.V311));

        await client.SendAsync(Publish("ok", 1));
        await client.SendAsync(Publish("full", 2));
        await client.SendAsync(Publish("after", 3));
        await store.WaitForCallsAsync(3);
        store.Complete("ok");
        Assert.Equal(1, Assert.IsType<PubAckPacket>(await client.ReceiveAsync()).PacketId);

        store.Complete("full", ReasonCode.QuotaExceeded);
        store.Complete("after");
        // Closed, and neither the refused message nor the one behind it was acknowledged: the client resends both.
        Assert.Null(await client.ReceiveAsync());
    }

    [Fact]
    public async Task Store_gets_the_admitted_traffic_class_and_QoS0_is_not_stored()
    {
        var store = new ManualStore { Immediate = _ => ReasonCode.Success };
        await using var broker = new TestBroker(admission: new ClassifyAsEvent(), store: store);
        await using var client = await RawClient.ConnectAsync(broker, Connect());

        await client.SendAsync(Publish("zero", 0, QualityOfService.AtMostOnce));
        await client.SendAsync(Publish("one", 1));
        Assert.Equal(1, Assert.IsType<PubAckPacket>(await client.ReceiveAsync()).PacketId);

        Assert.Equal([("one", TrafficClass.Event)], store.Received);
    }

    [Fact]
    public async Task Without_a_store_QoS1_is_acknowledged_when_routed()
    {
        await using var broker = new TestBroker();
        await using var client = await RawClient.ConnectAsync(broker, Connect());
        await client.SendAsync(Publish("t", 5));
        Assert.Equal(5, Assert.IsType<PubAckPacket>(await client.ReceiveAsync()).PacketId);
    }

    [Fact]
    public async Task Reader_waits_when_receive_maximum_acks_are_held_and_resumes_when_they_are_released()
    {
        var store = new ManualStore();
        await using var broker = new TestBroker(options: new BrokerOptions { ReceiveMaximum = 2 }, store: store);
        await using var client = await RawClient.ConnectAsync(broker, Connect(MqttProtocolVersion.V311));

        for (ushort id = 1; id <= 3; id++)
        {
            await client.SendAsync(Publish($"t/{id}", id));
        }

        // Two held: the third is not read until room is made.
        await store.WaitForCallsAsync(2);
        Assert.False(await WaitForThirdCallAsync(store, Quiet));
        store.Complete("t/1");
        Assert.Equal(1, Assert.IsType<PubAckPacket>(await client.ReceiveAsync()).PacketId);
        await store.WaitForCallsAsync(1);
        store.Complete("t/2");
        store.Complete("t/3");
        Assert.Equal(2, Assert.IsType<PubAckPacket>(await client.ReceiveAsync()).PacketId);
        Assert.Equal(3, Assert.IsType<PubAckPacket>(await client.ReceiveAsync()).PacketId);
    }

    private static async Task<bool> WaitForThirdCallAsync(ManualStore store, TimeSpan wait)
    {
        await Task.Delay(wait);
        return store.Received.Count >= 3;
    }

    private sealed class RefuseTopic(string topic) : IPublishAdmission
    {
        public ValueTask<PublishAdmissionResult> AdmitAsync(ClientIdentity publisher, PublishPacket publish, CancellationToken cancellationToken) =>
            ValueTask.FromResult(publish.Topic == topic ? PublishAdmissionResult.Refuse(ReasonCode.NotAuthorized) : PublishAdmissionResult.Admit);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V500)]
    [InlineData(MqttProtocolVersion.V311)]
    public async Task Admission_is_told_of_each_message_the_store_refused_before_the_client_hears_of_it(MqttProtocolVersion version)
    {
        var store = new ManualStore { Immediate = m => m.Topic == "at-once-refused" ? ReasonCode.QuotaExceeded : null };
        var admission = new RecordAbandons();
        await using var broker = new TestBroker(admission: admission, store: store);
        await using (var client = await RawClient.ConnectAsync(broker, Connect(version)))
        {
            await client.SendAsync(Publish("stored", 1));
            await client.SendAsync(Publish("failed", 2));
            await client.SendAsync(Publish("at-once-refused", 3));
            await store.WaitForCallsAsync(3);
            store.Complete("stored");
            Assert.Equal(1, Assert.IsType<PubAckPacket>(await client.ReceiveAsync()).PacketId);
            // Refused by the store when handed over, before its acknowledgement's turn; the stored one never.
            Assert.Equal(["at-once-refused"], admission.Abandoned);

            store.Fail("failed");
            if (version == MqttProtocolVersion.V500)
            {
                var refused = Assert.IsType<PubAckPacket>(await client.ReceiveAsync());
                Assert.Equal((2, ReasonCode.UnspecifiedError), (refused.PacketId, refused.ReasonCode));
                // Given back before the acknowledgement was queued: a resend can never find the sequence still consumed.
                Assert.Contains("failed", admission.Abandoned);
                var atOnce = Assert.IsType<PubAckPacket>(await client.ReceiveAsync());
                Assert.Equal((3, ReasonCode.QuotaExceeded), (atOnce.PacketId, atOnce.ReasonCode));
            }
            else
            {
                // 3.1.1: closed without acknowledging, so the client sends it again.
                Assert.Null(await client.ReceiveAsync());
            }
        }

        Assert.Equal(["at-once-refused", "failed"], admission.Abandoned);
        // The store's exception is logged as an error (which the broker's own check at dispose would refuse).
        Assert.Contains(broker.Log.Errors, e => e.Contains(nameof(IMessageStore), StringComparison.Ordinal));
        broker.Log.Entries.Clear();
    }

    [Fact]
    public async Task Retransmission_is_stored_and_acknowledged_but_not_routed_and_never_abandoned()
    {
        var store = new ManualStore();
        var admission = new ResendOf("again");
        await using var broker = new TestBroker(admission: admission, store: store);
        await using var subscriber = await RawClient.ConnectAsync(broker, new ConnectPacket { ClientId = "watcher", ProtocolVersion = MqttProtocolVersion.V500, CleanStart = true });
        await subscriber.SendAsync(new SubscribePacket { PacketId = 1, Subscriptions = [new Subscription("#", QualityOfService.AtMostOnce)] });
        Assert.IsType<SubAckPacket>(await subscriber.ReceiveAsync());
        await using (var client = await RawClient.ConnectAsync(broker, Connect()))
        {
            await client.SendAsync(Publish("again", 1));
            await client.SendAsync(Publish("fresh", 2));
            await store.WaitForCallsAsync(2);
            // The store's verdict is the acknowledgement, for the resend too; a failing resend gives nothing back.
            store.Fail("again");
            store.Complete("fresh");
            Assert.Equal((1, ReasonCode.UnspecifiedError), Ack(await client.ReceiveAsync()));
            Assert.Equal((2, ReasonCode.Success), Ack(await client.ReceiveAsync()));
        }

        Assert.Equal(["again", "fresh"], store.Received.Select(r => r.Topic));
        Assert.Empty(admission.Abandoned);
        // Only the fresh message reached the subscriber.
        Assert.Equal("fresh", Assert.IsType<PublishPacket>(await subscriber.ReceiveAsync()).Topic);
        await AssertSilentAsync(subscriber);
        broker.Log.Entries.Clear();
    }

    private static (ushort, ReasonCode) Ack(MqttPacket? packet)
    {
        var ack = Assert.IsType<PubAckPacket>(packet);
        return (ack.PacketId, ack.ReasonCode);
    }

    /// <summary>Admits <paramref name="topic"/> as the resend of a message admitted before, everything else as new.</summary>
    private sealed class ResendOf(string topic) : IPublishAdmission
    {
        public ConcurrentQueue<string> Abandoned { get; } = new();

        public ValueTask<PublishAdmissionResult> AdmitAsync(ClientIdentity publisher, PublishPacket publish, CancellationToken cancellationToken) =>
            ValueTask.FromResult(publish.Topic == topic ? PublishAdmissionResult.AdmitRetransmission(TrafficClass.Bulk) : PublishAdmissionResult.Admit);

        public void Abandon(ClientIdentity publisher, PublishPacket publish) => Abandoned.Enqueue(publish.Topic);
    }

    /// <summary>Admits everything and records which admitted messages the broker abandoned.</summary>
    private sealed class RecordAbandons : IPublishAdmission
    {
        public ConcurrentQueue<string> Abandoned { get; } = new();

        public ValueTask<PublishAdmissionResult> AdmitAsync(ClientIdentity publisher, PublishPacket publish, CancellationToken cancellationToken) =>
            ValueTask.FromResult(PublishAdmissionResult.Admit);

        public void Abandon(ClientIdentity publisher, PublishPacket publish) => Abandoned.Enqueue(publish.Topic);
    }

    private sealed class ClassifyAsEvent : IPublishAdmission
    {
        public ValueTask<PublishAdmissionResult> AdmitAsync(ClientIdentity publisher, PublishPacket publish, CancellationToken cancellationToken) =>
            ValueTask.FromResult(PublishAdmissionResult.AdmitEvent);
    }
}
