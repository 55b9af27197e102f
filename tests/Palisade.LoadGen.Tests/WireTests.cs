using System.Buffers;
using System.Buffers.Binary;
using Palisade.LoadGen.Wire;
using Palisade.Mqtt;
using Palisade.Mqtt.Codec;
using Palisade.Mqtt.Packets;

namespace Palisade.LoadGen.Tests;

public sealed class WireTests
{
    [Theory]
    [InlineData(4, 0, 100)]
    [InlineData(4, 1, 100)]
    [InlineData(5, 0, 100)]
    [InlineData(5, 1, 100)]
    [InlineData(5, 1, 300)] // Remaining Length takes two bytes
    public void Patched_publish_template_decodes_with_the_patched_id_and_timestamp(int level, int qos, int payloadSize)
    {
        const string topic = "p/bench/ü/load"; // multi-byte UTF-8: offsets count bytes, not chars
        var payload = new byte[payloadSize];
        var template = new PublishTemplate(ControlPackets.EncodePublish(level, topic, qos, payload), topic, qos, payloadSize);
        var bytes = new byte[template.Length];

        template.WriteTo(bytes, timestamp: 0x0102030405060708, packetId: 4242);

        var sequence = new ReadOnlySequence<byte>(bytes);
        var options = new MqttDecoderOptions(level == 5 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311, 0, IsServer: true);
        var result = MqttPacketReader.TryRead(ref sequence, options, out var packet);
        Assert.Equal(DecodeStatus.Packet, result.Status);
        var publish = Assert.IsType<PublishPacket>(packet);
        Assert.Equal(topic, publish.Topic);
        Assert.Equal(qos == 0 ? 0 : 4242, publish.PacketId);
        Assert.Equal(payloadSize, publish.Payload.Length);
        Assert.Equal(0x0102030405060708, BinaryPrimitives.ReadInt64LittleEndian(publish.Payload.Span));
    }

    [Fact]
    public void Frame_reader_waits_for_a_whole_frame_and_splits_consecutive_frames_across_segments()
    {
        var template = new PublishTemplate(ControlPackets.EncodePublish(4, "t", 1, new byte[200]), "t", 1, 200);
        var stream = new byte[template.Length * 2];
        template.WriteTo(stream.AsSpan(0, template.Length), 1, 1);
        template.WriteTo(stream.AsSpan(template.Length), 2, 2);

        // Three segments cutting through the Remaining Length of the first frame and the body of the second.
        var sequence = Segments(stream, 2, template.Length + 50);

        var partial = sequence.Slice(0, template.Length - 1);
        Assert.False(Frame.TryRead(ref partial, out _, out _));
        Assert.Equal(template.Length - 1, partial.Length); // nothing consumed

        Assert.True(Frame.TryRead(ref sequence, out var first, out var body1));
        Assert.Equal(PacketTypes.Publish, PacketTypes.Of(first));
        Assert.Equal(template.Length - 3, body1.Length); // 1 header byte + 2 Remaining Length bytes
        Assert.True(Frame.TryRead(ref sequence, out _, out _));
        Assert.True(sequence.IsEmpty);
    }

    [Fact]
    public void Connect_without_credentials_sets_neither_user_name_nor_password_flag()
    {
        // Regression: a null password converted to an empty ReadOnlyMemory set the Password flag, which Mosquitto
        // refuses on 3.1.1 ("password without username").
        var buffer = new ArrayBufferWriter<byte>();
        ControlPackets.WriteConnect(buffer, new ConnectSettings(4, "c1", 60, null, null));

        var connectFlags = buffer.WrittenSpan[9]; // header, length, "MQTT" (6 bytes), level, then the flags
        Assert.Equal(0x02, connectFlags);
    }

    private static ReadOnlySequence<byte> Segments(byte[] data, params int[] cuts)
    {
        var first = new Segment(data.AsMemory(0, cuts[0]), 0);
        var last = first;
        var start = cuts[0];
        foreach (var cut in cuts.Skip(1).Append(data.Length))
        {
            last = last.Append(data.AsMemory(start, cut - start));
            start = cut;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
