using System.Buffers;
using Palisade.Mqtt.Codec;
using Palisade.Mqtt.Packets;
using static Palisade.Mqtt.Tests.Codec.CodecTestHelpers;

namespace Palisade.Mqtt.Tests.Codec;

/// <summary>The same bytes decode identically however the transport split them into segments.</summary>
public sealed class FragmentationTests
{
    public static TheoryData<MqttProtocolVersion> Versions => new() { MqttProtocolVersion.V311, MqttProtocolVersion.V500 };

    /// <summary>Every offset for ordinary packets; for the 70 kB one the edges and a stride (copying it 70,000 times would be slow).</summary>
    private static IEnumerable<int> Offsets(int length) => length <= 4096
        ? Enumerable.Range(1, length - 1)
        : Enumerable.Range(1, 300).Concat(Enumerable.Range(length - 300, 299)).Concat(Enumerable.Range(1, length - 1).Where(i => i % 997 == 0)).Distinct();

    [Theory]
    [MemberData(nameof(Versions))]
    public void A_stream_of_every_sample_packet_split_at_every_offset_decodes_identically(MqttProtocolVersion version)
    {
        MqttPacket[] samples = SamplePackets.All(version).ToArray();
        foreach (MqttPacket sample in samples)
        {
            byte[] bytes = Encode(sample, version);
            MqttDecoderOptions options = ReceiverOf(sample, version);
            string expected = Describe(DecodeOk(bytes, options));
            foreach (int cut in Offsets(bytes.Length))
            {
                ReadOnlySequence<byte> sequence = Segmented(bytes, cut);
                DecodeResult result = MqttPacketReader.TryRead(ref sequence, options, out MqttPacket? packet);
                Assert.True(result.Status == DecodeStatus.Packet, $"{sample.Type} cut at {cut}: {result}");
                Assert.Equal(0, sequence.Length);

                // Field-by-field text for small packets; for the large one its canonical encoding (the round-trip
                // tests show encoding is field-complete) keeps the check cheap.
                if (bytes.Length <= 4096)
                {
                    Assert.Equal(expected, Describe(packet));
                }
                else
                {
                    Assert.True(bytes.AsSpan().SequenceEqual(Encode(packet!, version)), $"{sample.Type} cut at {cut}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void One_byte_segments_decode_identically(MqttProtocolVersion version)
    {
        foreach (MqttPacket sample in SamplePackets.All(version).Where(p => p is not PublishPacket { Payload.Length: > 4096 }))
        {
            byte[] bytes = Encode(sample, version);
            MqttDecoderOptions options = ReceiverOf(sample, version);
            ReadOnlySequence<byte> sequence = Segmented(bytes, Enumerable.Range(1, bytes.Length - 1).ToArray());
            Assert.Equal(DecodeStatus.Packet, MqttPacketReader.TryRead(ref sequence, options, out MqttPacket? packet).Status);
            Assert.Equal(Describe(DecodeOk(bytes, options)), Describe(packet));
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Every_strict_prefix_of_a_valid_packet_is_incomplete_and_consumes_nothing(MqttProtocolVersion version)
    {
        foreach (MqttPacket sample in SamplePackets.All(version))
        {
            byte[] bytes = Encode(sample, version);
            MqttDecoderOptions options = ReceiverOf(sample, version);
            foreach (int length in Offsets(bytes.Length).Prepend(0))
            {
                var sequence = new ReadOnlySequence<byte>(bytes, 0, length);
                DecodeResult result = MqttPacketReader.TryRead(ref sequence, options, out MqttPacket? packet);
                Assert.Equal(DecodeStatus.Incomplete, result.Status);
                Assert.Equal(length, sequence.Length);
                Assert.Null(packet);
            }
        }
    }

    [Fact]
    public void A_stream_of_many_packets_split_at_every_offset_yields_the_same_packets()
    {
        MqttProtocolVersion version = MqttProtocolVersion.V500;
        MqttPacket[] packets =
        [
            new PublishPacket { Topic = "a/b", Payload = new byte[300], QoS = QualityOfService.AtLeastOnce, PacketId = 1 },
            new PubAckPacket(MqttPacketType.PubRec, 2),
            PingReqPacket.Instance,
            new SubscribePacket { PacketId = 3, Subscriptions = [new Subscription("x/#", QualityOfService.AtMostOnce)] },
        ];
        byte[] stream = packets.SelectMany(p => Encode(p, version)).ToArray();
        MqttDecoderOptions options = Server(version);
        string expected = string.Join('|', packets.Select(Describe));

        for (int cut = 1; cut < stream.Length; cut++)
        {
            ReadOnlySequence<byte> sequence = Segmented(stream, cut);
            var decoded = new List<string>();
            for (int i = 0; i < packets.Length; i++)
            {
                Assert.Equal(DecodeStatus.Packet, MqttPacketReader.TryRead(ref sequence, options, out MqttPacket? packet).Status);
                decoded.Add(Describe(packet));
            }

            Assert.Equal(0, sequence.Length);
            Assert.Equal(expected, string.Join('|', decoded));
        }
    }
}
