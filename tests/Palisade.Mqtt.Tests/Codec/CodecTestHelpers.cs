using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using Palisade.Mqtt.Codec;
using Palisade.Mqtt.Packets;

namespace Palisade.Mqtt.Tests.Codec;

internal static class CodecTestHelpers
{
    public static MqttDecoderOptions Server(MqttProtocolVersion? version, uint maximumPacketSize = 0) => new(version, maximumPacketSize, IsServer: true);

    public static MqttDecoderOptions Client(MqttProtocolVersion version, uint maximumPacketSize = 0) => new(version, maximumPacketSize, IsServer: false);

    /// <summary>Options under which <paramref name="packet"/> is legal to receive (server side unless server-to-client).</summary>
    public static MqttDecoderOptions ReceiverOf(MqttPacket packet, MqttProtocolVersion version) => packet.Type switch
    {
        MqttPacketType.Connect => Server(null),
        MqttPacketType.ConnAck or MqttPacketType.SubAck or MqttPacketType.UnsubAck or MqttPacketType.PingResp => Client(version),
        MqttPacketType.Disconnect when packet is DisconnectPacket { SessionExpiryInterval: not null } => Server(version),
        MqttPacketType.Publish when packet is PublishPacket { SubscriptionIdentifiers.Count: > 0 } => Client(version),
        _ => Server(version),
    };

    public static byte[] Encode(MqttPacket packet, MqttProtocolVersion version)
    {
        var writer = new ArrayBufferWriter<byte>();
        int written = MqttPacketWriter.Write(writer, packet, version);
        Assert.Equal(written, writer.WrittenCount);
        return writer.WrittenSpan.ToArray();
    }

    public static DecodeResult Decode(byte[] bytes, in MqttDecoderOptions options, out MqttPacket? packet, out long consumed)
    {
        var sequence = new ReadOnlySequence<byte>(bytes);
        DecodeResult result = MqttPacketReader.TryRead(ref sequence, options, out packet);
        consumed = bytes.Length - sequence.Length;
        return result;
    }

    public static MqttPacket DecodeOk(byte[] bytes, in MqttDecoderOptions options)
    {
        DecodeResult result = Decode(bytes, options, out MqttPacket? packet, out long consumed);
        Assert.True(result.Status == DecodeStatus.Packet, $"{result.Status} {result.Reason} {result.Detail}");
        Assert.Equal(bytes.Length, consumed);
        Assert.NotNull(packet);
        return packet;
    }

    public static DecodeResult DecodeInvalid(byte[] bytes, in MqttDecoderOptions options)
    {
        DecodeResult result = Decode(bytes, options, out _, out long consumed);
        Assert.Equal(DecodeStatus.Invalid, result.Status);
        Assert.Equal(0, consumed);
        return result;
    }

    /// <summary>A sequence of one segment per piece, cut at the given offsets (ascending, inside the array).</summary>
    public static ReadOnlySequence<byte> Segmented(byte[] bytes, params int[] cuts)
    {
        var bounds = new List<int> { 0 };
        bounds.AddRange(cuts);
        bounds.Add(bytes.Length);
        TestSegment? first = null;
        TestSegment? last = null;
        for (int i = 0; i + 1 < bounds.Count; i++)
        {
            // Each piece in its own array, so no segment can be read past its end by mistake.
            byte[] piece = bytes[bounds[i]..bounds[i + 1]];
            if (first is null)
            {
                first = last = new TestSegment(piece, 0);
            }
            else
            {
                last = last!.Append(piece);
            }
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    /// <summary>A canonical text of every public property, recursively, so two packets compare field by field.</summary>
    public static string Describe(object? value)
    {
        var sb = new StringBuilder();
        Describe(value, sb);
        return sb.ToString();
    }

    private static void Describe(object? value, StringBuilder sb)
    {
        switch (value)
        {
            case null:
                sb.Append("null");
                return;
            case string s:
                sb.Append('"').Append(s).Append('"');
                return;
            case ReadOnlyMemory<byte> memory:
                sb.Append("0x").Append(Convert.ToHexString(memory.Span));
                return;
            case IFormattable or bool or Enum:
                sb.Append(CultureInfo.InvariantCulture, $"{value}");
                return;
            case UserProperty p:
                sb.Append('(').Append(p.Name).Append('=').Append(p.Value).Append(')');
                return;
            case IEnumerable items:
                sb.Append('[');
                foreach (object? item in items)
                {
                    Describe(item, sb);
                    sb.Append(',');
                }

                sb.Append(']');
                return;
        }

        sb.Append(value.GetType().Name).Append('{');
        foreach (PropertyInfo property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (property.GetIndexParameters().Length != 0)
            {
                continue;
            }

            sb.Append(property.Name).Append('=');
            Describe(property.GetValue(value), sb);
            sb.Append(';');
        }

        sb.Append('}');
    }

    private sealed class TestSegment : ReadOnlySequenceSegment<byte>
    {
        public TestSegment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public TestSegment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new TestSegment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
