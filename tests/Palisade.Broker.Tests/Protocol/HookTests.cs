using MQTTnet;
using MQTTnet.Protocol;
using Palisade.Broker.Hooks;
using Palisade.Broker.Tests.Support;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;
using MqttProtocolVersion = MQTTnet.Formatter.MqttProtocolVersion;

namespace Palisade.Broker.Tests.Protocol;

public class HookTests
{
    private sealed class Policy : ISubscriptionAuthorizer, IPublishAdmission, IDeliveryFilter
    {
        public ValueTask<ReasonCode> AuthorizeAsync(ClientIdentity client, Subscription subscription, CancellationToken cancellationToken) =>
            ValueTask.FromResult(subscription.TopicFilter.StartsWith("secret", StringComparison.Ordinal) ? ReasonCode.NotAuthorized
                : subscription.TopicFilter.StartsWith("capped", StringComparison.Ordinal) ? ReasonCode.GrantedQoS0
                : (ReasonCode)(byte)subscription.MaximumQoS);

        public async ValueTask<PublishAdmissionResult> AdmitAsync(ClientIdentity publisher, PublishPacket publish, CancellationToken cancellationToken)
        {
            if (publish.Topic.StartsWith("slow", StringComparison.Ordinal))
            {
                // Completes asynchronously: the reader loop must still keep order.
                await Task.Yield();
            }

            return publish.Topic.StartsWith("forbidden", StringComparison.Ordinal) ? PublishAdmissionResult.Refuse(ReasonCode.NotAuthorized, "no")
                : publish.Topic.StartsWith("evil", StringComparison.Ordinal) ? PublishAdmissionResult.RefuseAndDisconnect(ReasonCode.AdministrativeAction)
                : PublishAdmissionResult.Admit;
        }

        public bool ShouldDeliver(ClientIdentity subscriber, PublishPacket message) =>
            !(subscriber.ClientId == "isolated" && message.Topic.StartsWith("tenant-a", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Subscription_authorizer_decides_each_filter(MqttProtocolVersion version)
    {
        var policy = new Policy();
        await using var broker = new TestBroker(authorizer: policy, admission: policy, filter: policy);
        var (client, _) = await Client.ConnectAsync(broker, "c", version);

        var result = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("secret/x", MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter("capped/x", MqttQualityOfServiceLevel.ExactlyOnce)
            .WithTopicFilter("open/x", MqttQualityOfServiceLevel.ExactlyOnce)
            .Build());

        var codes = result.Items.Select(i => i.ResultCode).ToList();
        Assert.Equal(version == MqttProtocolVersion.V500 ? MqttClientSubscribeResultCode.NotAuthorized : MqttClientSubscribeResultCode.UnspecifiedError, codes[0]);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS0, codes[1]);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS2, codes[2]);
        client.Dispose();
    }

    [Fact]
    public async Task Refused_publish_is_not_routed_and_its_reason_is_in_the_puback()
    {
        var policy = new Policy();
        await using var broker = new TestBroker(authorizer: policy, admission: policy, filter: policy);
        var (sub, inbox) = await Client.ConnectAsync(broker, "sub");
        await Client.SubscribeAsync(sub, "#");
        var (pub, _) = await Client.ConnectAsync(broker, "pub");

        var refused = await Client.PublishAsync(pub, "forbidden/x", "no", MqttQualityOfServiceLevel.AtLeastOnce);
        var slow = await Client.PublishAsync(pub, "slow/x", "yes", MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, refused.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.Success, slow.ReasonCode);
        Assert.Equal("slow/x", (await inbox.NextAsync()).Topic);
        await inbox.AssertNothingAsync();
        Assert.Equal(1, broker.Broker.Stats.MessagesRefused);
        sub.Dispose();
        pub.Dispose();
    }

    [Fact]
    public async Task Refused_QoS2_publish_gets_its_reason_in_the_pubrec()
    {
        var policy = new Policy();
        await using var broker = new TestBroker(authorizer: policy, admission: policy, filter: policy);
        await using var client = await RawClient.ConnectAsync(broker, new ConnectPacket { ClientId = "c" });

        await client.SendAsync(new PublishPacket { Topic = "forbidden/q2", QoS = QualityOfService.ExactlyOnce, PacketId = 9, Payload = "x"u8.ToArray() });

        var pubRec = Assert.IsType<PubAckPacket>(await client.ReceiveAsync());
        Assert.Equal((MqttPacketType.PubRec, (ushort)9, ReasonCode.NotAuthorized), (pubRec.Type, pubRec.PacketId, pubRec.ReasonCode));
    }

    [Fact]
    public async Task Refused_publish_from_a_311_client_is_dropped_but_acknowledged()
    {
        var policy = new Policy();
        await using var broker = new TestBroker(authorizer: policy, admission: policy, filter: policy);
        var (sub, inbox) = await Client.ConnectAsync(broker, "sub");
        await Client.SubscribeAsync(sub, "#");
        var (pub, _) = await Client.ConnectAsync(broker, "pub", MqttProtocolVersion.V311);

        await Client.PublishAsync(pub, "forbidden/x", "no", MqttQualityOfServiceLevel.AtLeastOnce);

        await inbox.AssertNothingAsync();
        Assert.True(pub.IsConnected);
        sub.Dispose();
        pub.Dispose();
    }

    [Fact]
    public async Task Admission_can_end_the_connection_with_its_reason()
    {
        var policy = new Policy();
        await using var broker = new TestBroker(authorizer: policy, admission: policy, filter: policy);
        await using var client = await RawClient.ConnectAsync(broker, new ConnectPacket { ClientId = "c" });

        await client.SendAsync(new PublishPacket { Topic = "evil", QoS = QualityOfService.AtLeastOnce, PacketId = 1, Payload = "x"u8.ToArray() });

        var disconnect = Assert.IsType<DisconnectPacket>(await client.ReceiveAsync());
        Assert.Equal(ReasonCode.AdministrativeAction, disconnect.ReasonCode);
    }

    [Fact]
    public async Task Will_refused_by_admission_refuses_the_connect()
    {
        var policy = new Policy();
        await using var broker = new TestBroker(authorizer: policy, admission: policy, filter: policy);
        await using var client = await RawClient.OpenAsync(broker);

        await client.SendAsync(new ConnectPacket { ClientId = "c", Will = new WillMessage { Topic = "forbidden/will", Payload = "x"u8.ToArray() } });

        Assert.Equal(ReasonCode.NotAuthorized, Assert.IsType<ConnAckPacket>(await client.ReceiveAsync()).ReasonCode);
    }

    [Fact]
    public async Task Delivery_filter_withholds_a_message_from_one_subscriber()
    {
        var policy = new Policy();
        await using var broker = new TestBroker(authorizer: policy, admission: policy, filter: policy);
        var (isolated, isolatedInbox) = await Client.ConnectAsync(broker, "isolated");
        var (member, memberInbox) = await Client.ConnectAsync(broker, "member");
        await Client.SubscribeAsync(isolated, "tenant-a/#");
        await Client.SubscribeAsync(member, "tenant-a/#");
        var (pub, _) = await Client.ConnectAsync(broker, "pub");

        await Client.PublishAsync(pub, "tenant-a/data", "d", MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.Equal("d", (await memberInbox.NextAsync()).Text());
        await isolatedInbox.AssertNothingAsync();
        Assert.Equal(1, broker.Broker.Stats.DeliveriesFiltered);
        isolated.Dispose();
        member.Dispose();
        pub.Dispose();
    }
}
