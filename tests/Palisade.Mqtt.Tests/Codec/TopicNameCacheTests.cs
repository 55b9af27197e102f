using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Palisade.Mqtt.Codec;
using Palisade.Mqtt.Packets;

namespace Palisade.Mqtt.Tests.Codec;

/// <summary>The connection's PUBLISH topic cache: the same strings again, never a wrong one, invalid names still refused.</summary>
public sealed class TopicNameCacheTests
{
    private static byte[] Encode(string topic, MqttProtocolVersion version = MqttProtocolVersion.V311)
    {
        var writer = new ArrayBufferWriter<byte>();
        MqttPacketWriter.Write(writer, new PublishPacket { Topic = topic, Payload = "x"u8.ToArray() }, version);
        return writer.WrittenSpan.ToArray();
    }

    private static (DecodeResult Result, PublishPacket? Packet) Decode(byte[] bytes, TopicNameCache cache, MqttProtocolVersion version = MqttProtocolVersion.V311)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        var result = MqttPacketReader.TryRead(ref buffer, new MqttDecoderOptions(version, 0, IsServer: true) { Topics = cache }, out var packet);
        return (result, packet as PublishPacket);
    }

    [Fact]
    public void Repeated_topic_is_decoded_once_and_then_reused()
    {
        var cache = new TopicNameCache();
        var bytes = Encode("p/acme/d/plc-1/telemetry/temp");

        var first = Decode(bytes, cache).Packet!;
        var second = Decode(bytes, cache).Packet!;

        Assert.Equal("p/acme/d/plc-1/telemetry/temp", second.Topic);
        Assert.Same(first.Topic, second.Topic);
        Assert.Equal(1, cache.Hits);
        Assert.Equal("x"u8.ToArray(), second.Payload.ToArray());
    }

    [Fact]
    public void Long_topics_are_decoded_every_time_and_stay_right()
    {
        var cache = new TopicNameCache();
        var topic = "t/" + new string('é', TopicNameCache.MaxTopicBytes);
        var bytes = Encode(topic, MqttProtocolVersion.V500);

        Assert.Equal(topic, Decode(bytes, cache, MqttProtocolVersion.V500).Packet!.Topic);
        Assert.Equal(topic, Decode(bytes, cache, MqttProtocolVersion.V500).Packet!.Topic);
        Assert.Equal(0, cache.Hits);
    }

    [Fact]
    public void Invalid_topic_is_refused_even_after_its_valid_prefix_was_cached()
    {
        var cache = new TopicNameCache();
        Assert.Equal("a/b", Decode(Encode("a/b"), cache).Packet!.Topic);
        var bad = Encode("a/b");
        // "a/b" -> "a/\0" (U+0000 is not allowed in MQTT strings), same length as the cached bytes.
        bad[^2] = 0;

        var (result, packet) = Decode(bad, cache);

        Assert.Equal(DecodeStatus.Invalid, result.Status);
        Assert.Null(packet);
    }

    /// <summary>Any sequence of topics, among names that are prefixes of each other and share bytes, and more of them
    /// than the cache holds: every decode gives exactly the topic that was sent.</summary>
    [Property(MaxTest = 200)]
    public Property Decoded_topic_is_always_the_one_sent()
    {
        string[] topics = ["a", "a/b", "a/bc", "a/b/c", "ä/b", "a/ä", "x/y/z", "p/acme/d/plc-1/telemetry/t"];
        return Prop.ForAll(Gen.ListOf(Gen.Elements(topics)).Select(l => l.ToArray()).ToArbitrary(), sent =>
        {
            var cache = new TopicNameCache();
            foreach (var topic in sent)
            {
                if (Decode(Encode(topic), cache).Packet!.Topic != topic)
                {
                    return false;
                }
            }

            return true;
        });
    }
}
