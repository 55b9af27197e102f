using Palisade.Mqtt.Codec;
using Palisade.Mqtt.Packets;
using static Palisade.Mqtt.Tests.Codec.CodecTestHelpers;

namespace Palisade.Mqtt.Tests.Codec;

public sealed class RoundTripTests
{
    public static TheoryData<MqttProtocolVersion, int> Cases()
    {
        var data = new TheoryData<MqttProtocolVersion, int>();
        foreach (MqttProtocolVersion version in new[] { MqttProtocolVersion.V311, MqttProtocolVersion.V500 })
        {
            int count = SamplePackets.All(version).Count();
            for (int i = 0; i < count; i++)
            {
                data.Add(version, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_packet_type_round_trips_with_all_its_fields(MqttProtocolVersion version, int index)
    {
        MqttPacket original = SamplePackets.All(version).ElementAt(index);
        byte[] bytes = Encode(original, version);

        MqttPacket decoded = DecodeOk(bytes, ReceiverOf(original, version));

        Assert.Equal(Describe(original), Describe(decoded));
        Assert.Equal(bytes, Encode(decoded, version));
    }

    [Fact]
    public void All_fifteen_packet_types_are_covered_by_the_round_trip_samples()
    {
        var types = SamplePackets.All(MqttProtocolVersion.V500).Select(p => p.Type).ToHashSet();
        Assert.Equal(15, types.Count);
        var v311Types = SamplePackets.All(MqttProtocolVersion.V311).Select(p => p.Type).ToHashSet();
        Assert.Equal(14, v311Types.Count); // AUTH does not exist in 3.1.1.
    }

    [Fact]
    public void Decoding_several_packets_from_one_buffer_advances_past_each()
    {
        byte[] first = Encode(new PubAckPacket(MqttPacketType.PubAck, 1), MqttProtocolVersion.V500);
        byte[] second = Encode(PingReqPacket.Instance, MqttProtocolVersion.V500);
        var sequence = new System.Buffers.ReadOnlySequence<byte>([.. first, .. second, 0x30]);
        MqttDecoderOptions options = Server(MqttProtocolVersion.V500);

        Assert.Equal(DecodeStatus.Packet, MqttPacketReader.TryRead(ref sequence, options, out MqttPacket? a).Status);
        Assert.Equal(DecodeStatus.Packet, MqttPacketReader.TryRead(ref sequence, options, out MqttPacket? b).Status);
        Assert.Equal(DecodeStatus.Incomplete, MqttPacketReader.TryRead(ref sequence, options, out MqttPacket? c).Status);

        Assert.Equal(1, Assert.IsType<PubAckPacket>(a).PacketId);
        Assert.Same(PingReqPacket.Instance, b);
        Assert.Null(c);
        Assert.Equal(1, sequence.Length);
    }
}
