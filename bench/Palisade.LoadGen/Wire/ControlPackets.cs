using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Palisade.LoadGen.Wire;

/// <summary>
/// Encodes the few packets the generator sends and decodes the acknowledgements it waits for (3.1.1 and 5.0).
/// </summary>
internal static class ControlPackets
{
    public static void WriteConnect(IBufferWriter<byte> output, ConnectSettings settings)
    {
        var v5 = settings.ProtocolLevel == 5;
        var clientId = Encoding.UTF8.GetBytes(settings.ClientId);
        var user = settings.UserName is null ? null : Encoding.UTF8.GetBytes(settings.UserName);
        var password = settings.Password is null ? null : Encoding.UTF8.GetBytes(settings.Password);

        // 5.0 properties: Receive Maximum only (and only when it differs from the default 65,535).
        var properties = v5 && settings.ReceiveMaximum != ushort.MaxValue ? 3 : 0;
        var remaining = 10 + (v5 ? Frame.VarIntSize(properties) + properties : 0) + 2 + clientId.Length
            + (user is null ? 0 : 2 + user.Length) + (password is null ? 0 : 2 + password.Length);

        var span = output.GetSpan(1 + 4 + remaining);
        var i = 0;
        span[i++] = PacketTypes.Connect << 4;
        i += Frame.WriteVarInt(span[i..], remaining);
        i += WriteString(span[i..], "MQTT"u8);
        span[i++] = (byte)settings.ProtocolLevel;
        var flags = 0x02; // Clean Session / Clean Start: every run starts from nothing.
        if (user is not null)
        {
            flags |= 0x80;
        }

        if (password is not null)
        {
            flags |= 0x40;
        }

        span[i++] = (byte)flags;
        BinaryPrimitives.WriteUInt16BigEndian(span[i..], settings.KeepAliveSeconds);
        i += 2;
        if (v5)
        {
            i += Frame.WriteVarInt(span[i..], properties);
            if (properties > 0)
            {
                span[i++] = 0x21;
                BinaryPrimitives.WriteUInt16BigEndian(span[i..], settings.ReceiveMaximum);
                i += 2;
            }
        }

        i += WriteString(span[i..], clientId);
        if (user is not null)
        {
            i += WriteString(span[i..], user);
        }

        if (password is not null)
        {
            i += WriteString(span[i..], password);
        }

        output.Advance(i);
    }

    public static void WriteSubscribe(IBufferWriter<byte> output, int protocolLevel, ushort packetId, string filter, int qos)
    {
        var v5 = protocolLevel == 5;
        var topic = Encoding.UTF8.GetBytes(filter);
        var remaining = 2 + (v5 ? 1 : 0) + 2 + topic.Length + 1;
        var span = output.GetSpan(1 + 4 + remaining);
        var i = 0;
        span[i++] = (PacketTypes.Subscribe << 4) | 0x02;
        i += Frame.WriteVarInt(span[i..], remaining);
        BinaryPrimitives.WriteUInt16BigEndian(span[i..], packetId);
        i += 2;
        if (v5)
        {
            span[i++] = 0; // no properties
        }

        i += WriteString(span[i..], topic);
        span[i++] = (byte)qos;
        output.Advance(i);
    }

    public static byte[] EncodePublish(int protocolLevel, string topic, int qos, ReadOnlySpan<byte> payload)
    {
        var v5 = protocolLevel == 5;
        var topicBytes = Encoding.UTF8.GetBytes(topic);
        var remaining = 2 + topicBytes.Length + (qos > 0 ? 2 : 0) + (v5 ? 1 : 0) + payload.Length;
        var bytes = new byte[1 + Frame.VarIntSize(remaining) + remaining];
        var span = bytes.AsSpan();
        var i = 0;
        span[i++] = (byte)((PacketTypes.Publish << 4) | (qos << 1));
        i += Frame.WriteVarInt(span[i..], remaining);
        i += WriteString(span[i..], topicBytes);
        if (qos > 0)
        {
            i += 2; // packet id, patched per send
        }

        if (v5)
        {
            span[i++] = 0;
        }

        payload.CopyTo(span[i..]);
        return bytes;
    }

    public static ReadOnlySpan<byte> PingReq => [PacketTypes.PingReq << 4, 0];

    public static ReadOnlySpan<byte> Disconnect => [PacketTypes.Disconnect << 4, 0];

    /// <summary>PUBACK for <paramref name="packetId"/>; 4 bytes in both versions (5.0 may omit the Success reason code).</summary>
    public static void WritePubAck(Span<byte> destination, ushort packetId)
    {
        destination[0] = PacketTypes.PubAck << 4;
        destination[1] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], packetId);
    }

    public static ConnAckInfo ParseConnAck(ReadOnlySequence<byte> body, int protocolLevel)
    {
        var reader = new SequenceReader<byte>(body);
        if (!reader.TryRead(out var flags) || !reader.TryRead(out var code))
        {
            throw new InvalidDataException("CONNACK shorter than 2 bytes.");
        }

        ushort receiveMaximum = ushort.MaxValue;
        ushort? serverKeepAlive = null;
        string? reasonString = null;
        if (protocolLevel == 5 && Frame.TryReadVarInt(ref reader, out var propertiesLength))
        {
            var end = reader.Consumed + propertiesLength;
            while (reader.Consumed < end && reader.TryRead(out var id))
            {
                switch (id)
                {
                    case 0x21:
                        reader.TryReadBigEndian(out short rm);
                        receiveMaximum = (ushort)rm;
                        break;
                    case 0x13:
                        reader.TryReadBigEndian(out short ka);
                        serverKeepAlive = (ushort)ka;
                        break;
                    case 0x1F:
                        reasonString = ReadString(ref reader);
                        break;
                    default:
                        // The rest is only skipped: we do not act on it.
                        if (!SkipProperty(ref reader, id))
                        {
                            reader.Advance(end - reader.Consumed);
                        }

                        break;
                }
            }
        }

        return new ConnAckInfo(code, (flags & 1) != 0, receiveMaximum, serverKeepAlive, reasonString);
    }

    /// <summary>Returns the first SUBACK return/reason code (the generator subscribes one filter at a time).</summary>
    public static (ushort PacketId, byte Code) ParseSubAck(ReadOnlySequence<byte> body, int protocolLevel)
    {
        var reader = new SequenceReader<byte>(body);
        reader.TryReadBigEndian(out short id);
        if (protocolLevel == 5 && Frame.TryReadVarInt(ref reader, out var propertiesLength))
        {
            reader.Advance(propertiesLength);
        }

        if (!reader.TryRead(out var code))
        {
            throw new InvalidDataException("SUBACK without a return code.");
        }

        return ((ushort)id, code);
    }

    /// <summary>The reason code of a 5.0 DISCONNECT from the broker (0 when absent, as in 3.1.1).</summary>
    public static byte ParseDisconnectReason(ReadOnlySequence<byte> body) => body.Length > 0 ? body.FirstSpan[0] : (byte)0;

    private static bool SkipProperty(ref SequenceReader<byte> reader, byte id)
    {
        switch (id)
        {
            case 0x01 or 0x17 or 0x19 or 0x24 or 0x25 or 0x28 or 0x29 or 0x2A:
                reader.Advance(1);
                return true;
            case 0x13 or 0x21 or 0x22 or 0x23:
                reader.Advance(2);
                return true;
            case 0x02 or 0x11 or 0x18 or 0x27:
                reader.Advance(4);
                return true;
            case 0x03 or 0x08 or 0x09 or 0x12 or 0x15 or 0x16 or 0x1A or 0x1C or 0x1F:
                reader.TryReadBigEndian(out short length);
                reader.Advance((ushort)length);
                return true;
            case 0x26:
                reader.TryReadBigEndian(out short keyLength);
                reader.Advance((ushort)keyLength);
                reader.TryReadBigEndian(out short valueLength);
                reader.Advance((ushort)valueLength);
                return true;
            case 0x0B:
                return Frame.TryReadVarInt(ref reader, out _);
            default:
                return false;
        }
    }

    private static string ReadString(ref SequenceReader<byte> reader)
    {
        reader.TryReadBigEndian(out short length);
        var bytes = new byte[(ushort)length];
        reader.TryCopyTo(bytes);
        reader.Advance(bytes.Length);
        return Encoding.UTF8.GetString(bytes);
    }

    private static int WriteString(Span<byte> destination, ReadOnlySpan<byte> utf8)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)utf8.Length);
        utf8.CopyTo(destination[2..]);
        return 2 + utf8.Length;
    }
}
