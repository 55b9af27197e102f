using System.Buffers;
using BenchmarkDotNet.Attributes;
using Palisade.Mqtt;
using Palisade.Mqtt.Codec;
using Palisade.Mqtt.Packets;

namespace Palisade.Benchmarks;

/// <summary>
/// The codec's hot paths: decoding an incoming QoS 1 PUBLISH with a 100-byte payload (what every publisher costs)
/// and its PUBACK, and writing one delivery of a message to a subscriber (what fan-out costs per subscriber).
/// Run: <c>dotnet run -c Release --project bench/Palisade.Benchmarks -- --filter *CodecBenchmarks* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private readonly uint[] _subscriptionIds = [7];
    private ReadOnlySequence<byte> _publishV5;
    private ReadOnlySequence<byte> _publishV311;
    private ReadOnlySequence<byte> _pubAck;
    private PublishPacket _message = null!;

    [GlobalSetup]
    public void Setup()
    {
        _message = new PublishPacket
        {
            Topic = "plant/7/line/2/temperature",
            Payload = new byte[100],
            QoS = QualityOfService.AtLeastOnce,
            PacketId = 42,
        };
        _publishV5 = new ReadOnlySequence<byte>(Encode(_message, MqttProtocolVersion.V500));
        _publishV311 = new ReadOnlySequence<byte>(Encode(_message, MqttProtocolVersion.V311));
        _pubAck = new ReadOnlySequence<byte>(Encode(new PubAckPacket(MqttPacketType.PubAck, 42), MqttProtocolVersion.V500));

        // Warm the per-message topic cache as the first delivery of a fan-out would.
        MqttPacketWriter.WritePublish(_output, MqttProtocolVersion.V500, _message, QualityOfService.AtLeastOnce, 1, false, false, 0, false, _subscriptionIds, null);
    }

    private static byte[] Encode(MqttPacket packet, MqttProtocolVersion version)
    {
        var writer = new ArrayBufferWriter<byte>();
        MqttPacketWriter.Write(writer, packet, version);
        return writer.WrittenSpan.ToArray();
    }

    [Benchmark(Baseline = true)]
    public MqttPacket? DecodePublishQoS1V5()
    {
        ReadOnlySequence<byte> buffer = _publishV5;
        MqttPacketReader.TryRead(ref buffer, new MqttDecoderOptions(MqttProtocolVersion.V500, 1 << 20, true), out MqttPacket? packet);
        return packet;
    }

    [Benchmark]
    public MqttPacket? DecodePublishQoS1V311()
    {
        ReadOnlySequence<byte> buffer = _publishV311;
        MqttPacketReader.TryRead(ref buffer, new MqttDecoderOptions(MqttProtocolVersion.V311, 1 << 20, true), out MqttPacket? packet);
        return packet;
    }

    private readonly TopicNameCache _topics = new();

    /// <summary>As a broker connection decodes: the connection's topic cache holds the topic after the first message.</summary>
    [Benchmark]
    public MqttPacket? DecodePublishQoS1V311TopicCached()
    {
        ReadOnlySequence<byte> buffer = _publishV311;
        MqttPacketReader.TryRead(ref buffer, new MqttDecoderOptions(MqttProtocolVersion.V311, 1 << 20, true) { Topics = _topics }, out MqttPacket? packet);
        return packet;
    }

    [Benchmark]
    public MqttPacket? DecodePubAck()
    {
        ReadOnlySequence<byte> buffer = _pubAck;
        MqttPacketReader.TryRead(ref buffer, new MqttDecoderOptions(MqttProtocolVersion.V500, 1 << 20, true), out MqttPacket? packet);
        return packet;
    }

    [Benchmark]
    public int WritePublishDeliveryV5()
    {
        _output.ResetWrittenCount();
        return MqttPacketWriter.WritePublish(
            _output, MqttProtocolVersion.V500, _message, QualityOfService.AtLeastOnce, 43, retain: false, dup: false, topicAlias: 0, omitTopic: false, _subscriptionIds, null);
    }

    [Benchmark]
    public int WritePublishDeliveryV311()
    {
        _output.ResetWrittenCount();
        return MqttPacketWriter.WritePublish(
            _output, MqttProtocolVersion.V311, _message, QualityOfService.AtLeastOnce, 43, retain: false, dup: false, topicAlias: 0, omitTopic: false, [], null);
    }
}
