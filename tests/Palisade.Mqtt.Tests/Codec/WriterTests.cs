using System.Buffers;
using Palisade.Mqtt.Codec;
using Palisade.Mqtt.Packets;
using static Palisade.Mqtt.Tests.Codec.CodecTestHelpers;

namespace Palisade.Mqtt.Tests.Codec;

public sealed class WriterTests
{
    private static PublishPacket Message() => new()
    {
        Topic = "plant/7/temperature",
        Payload = new byte[] { 1, 2, 3 },
        QoS = QualityOfService.ExactlyOnce,
        PacketId = 99,
        Retain = true,
        TopicAlias = 12, // the publisher's alias: never forwarded
        SubscriptionIdentifiers = [77], // likewise
        MessageExpiryInterval = 600,
        ContentType = "application/octet-stream",
        UserProperties = [new UserProperty("k", "v")],
    };

    [Fact]
    public void Write_publish_writes_the_subscriber_fields_and_keeps_the_message_fields()
    {
        PublishPacket message = Message();
        var writer = new ArrayBufferWriter<byte>();
        uint[] subscriptionIds = [3, 400];

        int written = MqttPacketWriter.WritePublish(writer, MqttProtocolVersion.V500, message, QualityOfService.AtLeastOnce, packetId: 5,
            retain: false, dup: true, topicAlias: 2, omitTopic: false, subscriptionIdentifiers: subscriptionIds, messageExpiryInterval: 42);

        Assert.Equal(written, writer.WrittenCount);
        var delivered = (PublishPacket)DecodeOk(writer.WrittenSpan.ToArray(), Client(MqttProtocolVersion.V500));
        Assert.Equal("plant/7/temperature", delivered.Topic);
        Assert.Equal(QualityOfService.AtLeastOnce, delivered.QoS);
        Assert.Equal(5, delivered.PacketId);
        Assert.False(delivered.Retain);
        Assert.True(delivered.Dup);
        Assert.Equal((ushort)2, delivered.TopicAlias);
        Assert.Equal([3u, 400u], delivered.SubscriptionIdentifiers);
        Assert.Equal(42u, delivered.MessageExpiryInterval);
        Assert.Equal("application/octet-stream", delivered.ContentType);
        Assert.Equal([new UserProperty("k", "v")], delivered.UserProperties);
        Assert.Equal(new byte[] { 1, 2, 3 }, delivered.Payload.ToArray());

        // The shared message is untouched.
        Assert.Equal(99, message.PacketId);
        Assert.Equal((ushort)12, message.TopicAlias);
    }

    [Fact]
    public void Write_publish_with_a_known_alias_omits_the_topic()
    {
        var writer = new ArrayBufferWriter<byte>();
        MqttPacketWriter.WritePublish(writer, MqttProtocolVersion.V500, Message(), QualityOfService.AtMostOnce, 0, false, false,
            topicAlias: 2, omitTopic: true, subscriptionIdentifiers: [], messageExpiryInterval: null);

        Assert.Equal(new byte[] { 0, 0 }, writer.WrittenSpan.Slice(2, 2).ToArray());
        var delivered = (PublishPacket)DecodeOk(writer.WrittenSpan.ToArray(), Client(MqttProtocolVersion.V500));
        Assert.Equal("", delivered.Topic);
        Assert.Equal((ushort)2, delivered.TopicAlias);
        Assert.Null(delivered.MessageExpiryInterval);
    }

    [Fact]
    public void Write_publish_in_311_drops_every_5_0_field()
    {
        var writer = new ArrayBufferWriter<byte>();
        MqttPacketWriter.WritePublish(writer, MqttProtocolVersion.V311, Message(), QualityOfService.AtLeastOnce, 9, false, false,
            topicAlias: 2, omitTopic: true, subscriptionIdentifiers: [1], messageExpiryInterval: 5);

        // 32 | rl | topic (2 + 19) | id | payload 3
        Assert.Equal(1 + 1 + 21 + 2 + 3, writer.WrittenCount);
        var delivered = (PublishPacket)DecodeOk(writer.WrittenSpan.ToArray(), Client(MqttProtocolVersion.V311));
        Assert.Equal("plant/7/temperature", delivered.Topic);
        Assert.Equal(9, delivered.PacketId);
    }

    [Fact]
    public void Dup_is_not_written_at_qos_0()
    {
        var writer = new ArrayBufferWriter<byte>();
        MqttPacketWriter.WritePublish(writer, MqttProtocolVersion.V500, Message(), QualityOfService.AtMostOnce, 0, retain: false, dup: true, 0, false, [], null);
        Assert.Equal(0x30, writer.WrittenSpan[0]);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311, QualityOfService.AtMostOnce, (ushort)0, false)]
    [InlineData(MqttProtocolVersion.V500, QualityOfService.AtLeastOnce, (ushort)3, false)]
    [InlineData(MqttProtocolVersion.V500, QualityOfService.ExactlyOnce, (ushort)3, true)]
    public void Get_publish_size_equals_what_write_publish_writes(MqttProtocolVersion version, QualityOfService qos, ushort alias, bool omit)
    {
        PublishPacket message = Message();
        message.Payload = new byte[20_000];
        uint[] ids = [1, 200_000];
        int expected = MqttPacketWriter.GetPublishSize(version, message, qos, alias, omit, ids, 30);
        var writer = new ArrayBufferWriter<byte>();
        int written = MqttPacketWriter.WritePublish(writer, version, message, qos, 1, false, false, alias, omit, ids, 30);
        Assert.Equal(expected, written);
        Assert.Equal(expected, writer.WrittenCount);
    }

    [Fact]
    public void The_topic_is_encoded_once_per_message_and_re_encoded_when_it_changes()
    {
        PublishPacket message = Message();
        var writer = new ArrayBufferWriter<byte>();
        MqttPacketWriter.WritePublish(writer, MqttProtocolVersion.V500, message, QualityOfService.AtMostOnce, 0, false, false, 0, false, [], null);
        byte[] first = message.EncodedTopicCache!.Utf8;
        MqttPacketWriter.WritePublish(writer, MqttProtocolVersion.V311, message, QualityOfService.AtMostOnce, 0, false, false, 0, false, [], null);
        Assert.Same(first, message.EncodedTopicCache!.Utf8);

        message.Topic = "other/é";
        writer.Clear();
        MqttPacketWriter.WritePublish(writer, MqttProtocolVersion.V311, message, QualityOfService.AtMostOnce, 0, false, false, 0, false, [], null);
        Assert.Equal("other/é", ((PublishPacket)DecodeOk(writer.WrittenSpan.ToArray(), Client(MqttProtocolVersion.V311))).Topic);
    }

    [Fact]
    public void Write_publish_allocates_nothing_once_the_topic_is_cached()
    {
        PublishPacket message = Message();
        var writer = new ArrayBufferWriter<byte>(4096);
        uint[] ids = [3];
        MqttPacketWriter.WritePublish(writer, MqttProtocolVersion.V500, message, QualityOfService.AtLeastOnce, 1, false, false, 0, false, ids, 10);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            writer.ResetWrittenCount();
            MqttPacketWriter.WritePublish(writer, MqttProtocolVersion.V500, message, QualityOfService.AtLeastOnce, (ushort)(i + 1), false, false, 0, false, ids, 10);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Reason_codes_are_mapped_to_311_return_codes()
    {
        byte[] connAck = Encode(new ConnAckPacket { ReasonCode = ReasonCode.BadAuthenticationMethod, SessionPresent = true }, MqttProtocolVersion.V311);
        Assert.Equal(new byte[] { 0x20, 0x02, 0x00, 0x04 }, connAck); // session present cleared on a refusal

        byte[] subAck = Encode(new SubAckPacket { PacketId = 1, ReasonCodes = [ReasonCode.GrantedQoS2, ReasonCode.TopicFilterInvalid] }, MqttProtocolVersion.V311);
        Assert.Equal(new byte[] { 0x90, 0x04, 0x00, 0x01, 0x02, 0x80 }, subAck);

        byte[] unsubAck = Encode(new UnsubAckPacket { PacketId = 1, ReasonCodes = [ReasonCode.Success] }, MqttProtocolVersion.V311);
        Assert.Equal(new byte[] { 0xB0, 0x02, 0x00, 0x01 }, unsubAck);
    }

    [Fact]
    public void Mqtt_5_acknowledgements_use_the_short_forms()
    {
        Assert.Equal(new byte[] { 0x40, 0x02, 0x00, 0x07 }, Encode(new PubAckPacket(MqttPacketType.PubAck, 7), MqttProtocolVersion.V500));
        Assert.Equal(new byte[] { 0x62, 0x03, 0x00, 0x07, 0x92 },
            Encode(new PubAckPacket(MqttPacketType.PubRel, 7, ReasonCode.PacketIdentifierNotFound), MqttProtocolVersion.V500));
        Assert.Equal(new byte[] { 0xE0, 0x00 }, Encode(new DisconnectPacket(), MqttProtocolVersion.V500));
        Assert.Equal(new byte[] { 0xE0, 0x01, 0x8B }, Encode(new DisconnectPacket { ReasonCode = ReasonCode.ServerShuttingDown }, MqttProtocolVersion.V500));
    }

    [Fact]
    public void Invalid_requests_throw_before_writing()
    {
        var writer = new ArrayBufferWriter<byte>();
        Assert.Throws<ArgumentException>(() => MqttPacketWriter.WritePublish(
            writer, MqttProtocolVersion.V500, Message(), QualityOfService.AtLeastOnce, 0, false, false, 0, false, [], null));
        Assert.Throws<NotSupportedException>(() => MqttPacketWriter.Write(writer, new AuthPacket(), MqttProtocolVersion.V311));
        Assert.Throws<ArgumentException>(() => MqttPacketWriter.Write(writer, new PublishPacket { Topic = new string('a', 70_000) }, MqttProtocolVersion.V311));
        Assert.Throws<ArgumentException>(() => MqttPacketWriter.WritePublish(
            writer, MqttProtocolVersion.V500, Message(), QualityOfService.AtMostOnce, 0, false, false, 0, false, [0], null));
        Assert.Equal(0, writer.WrittenCount);
    }
}
