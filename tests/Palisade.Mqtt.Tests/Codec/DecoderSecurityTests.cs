using System.Buffers;
using Palisade.Mqtt.Codec;
using Palisade.Mqtt.Packets;
using static Palisade.Mqtt.Tests.Codec.CodecTestHelpers;
using static Palisade.Mqtt.Tests.Codec.Raw;

namespace Palisade.Mqtt.Tests.Codec;

/// <summary>The decoder's resource bounds: size limits judged from the header, allocation bounded by bytes present.</summary>
public sealed class DecoderSecurityTests
{
    private const uint OneMiB = 1024 * 1024;

    [Fact]
    public void Connect_claiming_256_MiB_is_refused_from_its_five_header_bytes_without_allocating_for_the_claim()
    {
        // 0xFF 0xFF 0xFF 0x7F is the largest Remaining Length, 268,435,455 bytes: 256 MiB.
        byte[] header = [0x10, 0xFF, 0xFF, 0xFF, 0x7F];
        MqttDecoderOptions options = Server(null, maximumPacketSize: OneMiB);
        _ = Decode(header, options, out _, out _); // warm up (JIT) so only the decode itself is measured

        var sequence = new ReadOnlySequence<byte>(header);
        long before = GC.GetAllocatedBytesForCurrentThread();
        DecodeResult result = MqttPacketReader.TryRead(ref sequence, options, out MqttPacket? packet);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(DecodeStatus.Invalid, result.Status);
        Assert.Equal(ReasonCode.PacketTooLarge, result.Reason);
        Assert.Null(packet);
        Assert.Equal(5, sequence.Length);
        Assert.True(allocated < 4096, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Publish_over_the_limit_is_refused_as_soon_as_its_length_is_known_in_every_state()
    {
        MqttDecoderOptions options = Server(MqttProtocolVersion.V500, maximumPacketSize: 100);
        byte[] ok = Packet(0x30, Str("a"), B(0), new byte[100 - 2 - 3 - 1]);
        Assert.Equal(100, ok.Length);
        Assert.Equal(DecodeStatus.Packet, Decode(ok, options, out _, out _).Status);

        byte[] tooBig = Packet(0x30, Str("a"), B(0), new byte[100 - 2 - 3 - 1 + 1]);
        Assert.Equal(ReasonCode.PacketTooLarge, Decode(tooBig[..2], options, out _, out _).Reason);
    }

    [Fact]
    public void Without_a_limit_a_huge_claim_waits_for_bytes_and_allocates_nothing_for_them()
    {
        byte[] header = [0x30, 0xFF, 0xFF, 0xFF, 0x7F, 0x00];
        MqttDecoderOptions options = Server(MqttProtocolVersion.V500);
        _ = Decode(header, options, out _, out _);

        long before = GC.GetAllocatedBytesForCurrentThread();
        DecodeResult result = Decode(header, options, out _, out long consumed);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(DecodeStatus.Incomplete, result.Status);
        Assert.Equal(0, consumed);
        Assert.True(allocated < 4096, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Incomplete_header_waits_and_a_fifth_length_byte_is_refused()
    {
        MqttDecoderOptions options = Server(MqttProtocolVersion.V500);
        Assert.Equal(DecodeStatus.Incomplete, Decode([], options, out _, out _).Status);
        Assert.Equal(DecodeStatus.Incomplete, Decode([0x30], options, out _, out _).Status);
        Assert.Equal(DecodeStatus.Incomplete, Decode([0x30, 0x80, 0x80, 0x80], options, out _, out _).Status);
        Assert.Equal(ReasonCode.MalformedPacket, Decode([0x30, 0x80, 0x80, 0x80, 0x80], options, out _, out _).Reason);
    }

    [Fact]
    public void Property_length_claiming_more_than_the_packet_holds_is_malformed_without_allocating_for_the_claim()
    {
        // A small PUBLISH whose property length claims 256 MiB.
        byte[] bytes = Packet(0x30, Str("a"), B(0xFF, 0xFF, 0xFF, 0x7F), B(1, 2, 3));
        MqttDecoderOptions options = Server(MqttProtocolVersion.V500);
        _ = Decode(bytes, options, out _, out _);

        long before = GC.GetAllocatedBytesForCurrentThread();
        DecodeResult result = Decode(bytes, options, out _, out _);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(ReasonCode.MalformedPacket, result.Reason);
        Assert.True(allocated < 4096, $"allocated {allocated} bytes");
    }

    [Fact]
    public void String_length_claiming_more_than_the_packet_holds_is_malformed()
    {
        Assert.Equal(ReasonCode.MalformedPacket, DecodeInvalid(Packet(0x30, B(0xFF, 0xFF), B(1)), Server(MqttProtocolVersion.V311)).Reason);
        Assert.Equal(ReasonCode.MalformedPacket, DecodeInvalid(Packet(0x82, U16(1), B(0x00, 0x09), B(0x61)), Server(MqttProtocolVersion.V311)).Reason);
    }

    [Fact]
    public void Many_user_properties_are_decoded_only_as_far_as_the_bytes_go()
    {
        // 10,000 minimal user properties (5 bytes each) in one PUBACK: all kept, nothing invented.
        byte[][] properties = Enumerable.Range(0, 10_000).Select(_ => B(0x26, 0, 0, 0, 0)).ToArray();
        var ack = (PubAckPacket)DecodeOk(Packet(0x40, U16(1), B(0), Props(properties)), Server(MqttProtocolVersion.V500));
        Assert.Equal(10_000, ack.UserProperties.Count);
    }

    [Fact]
    public void Decoding_a_publish_acknowledgement_allocates_only_the_packet()
    {
        byte[] bytes = [0x40, 0x02, 0x12, 0x34];
        MqttDecoderOptions options = Server(MqttProtocolVersion.V500);
        var sequence = new ReadOnlySequence<byte>(bytes);
        _ = MqttPacketReader.TryRead(ref sequence, options, out _);

        sequence = new ReadOnlySequence<byte>(bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        _ = MqttPacketReader.TryRead(ref sequence, options, out MqttPacket? packet);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0x1234, Assert.IsType<PubAckPacket>(packet).PacketId);
        Assert.True(allocated <= 64, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Decoded_payload_is_owned_and_does_not_alias_the_transport_buffer()
    {
        byte[] bytes = Packet(0x30, Str("a"), B(7, 8, 9));
        var publish = (PublishPacket)DecodeOk(bytes, Server(MqttProtocolVersion.V311));
        Array.Clear(bytes);
        Assert.Equal(new byte[] { 7, 8, 9 }, publish.Payload.ToArray());
    }
}
