using System.Buffers;
using Palisade.Mqtt.Packets;

namespace Palisade.Mqtt.Codec;

/// <summary>Decodes MQTT 3.1.1 and 5.0 packets from a (possibly segmented) byte sequence.</summary>
/// <remarks>
/// <para>Order of checks: the first byte (type, direction, reserved flags) and the Remaining Length are judged
/// before the body is waited for, so a hostile header is refused with at most five bytes read and nothing allocated
/// for the size it claims.</para>
/// <para>Conventions for callers:</para>
/// <list type="bullet">
/// <item>A <see cref="MqttDecoderOptions.MaximumPacketSize"/> of 0 means MQTT's own limit (268,435,460 bytes).</item>
/// <item>On <see cref="DecodeStatus.Invalid"/> the buffer is not advanced and <c>packet</c> is null, except for
/// CONNECT: when the protocol name and level could be read, <c>packet</c> is a <see cref="ConnectPacket"/> whose
/// only meaningful member is <see cref="ConnectPacket.ProtocolVersion"/>, so the server can answer a CONNACK in the
/// client's version before closing. For an unsupported protocol (name not "MQTT", or level not 4 or 5, e.g. 3.1's
/// "MQIsdp" level 3) the reason is <see cref="ReasonCode.UnsupportedProtocolVersion"/> and the version is
/// <see cref="MqttProtocolVersion.V311"/> for levels up to 4 (their CONNACK has the 3.1.1 shape: return code 1)
/// and <see cref="MqttProtocolVersion.V500"/> above.</item>
/// <item>Before CONNECT (<see cref="MqttDecoderOptions.ProtocolVersion"/> null) only CONNECT is accepted; a client
/// must therefore pass the version it sent in its own CONNECT.</item>
/// <item>Left to the broker, because they need state or yield a per-item answer rather than a closed connection:
/// topic filter syntax (SUBACK 0x8F per filter), topic alias resolution and limits, receive maximum, payload
/// format validation, client identifier rules, shared-subscription rules.</item>
/// </list>
/// </remarks>
public static partial class MqttPacketReader
{
    /// <summary>Bodies up to this size are copied to the stack when they straddle segments.</summary>
    private const int StackCopyLimit = 256;

    /// <summary>
    /// Tries to decode one packet from the start of <paramref name="buffer"/>. On success the buffer is sliced past
    /// the packet; otherwise it is left as it was. Never allocates in proportion to what a header merely claims,
    /// and never throws on any input.
    /// </summary>
    public static DecodeResult TryRead(ref ReadOnlySequence<byte> buffer, in MqttDecoderOptions options, out MqttPacket? packet)
    {
        packet = null;
        if (buffer.IsEmpty)
        {
            return DecodeResult.Incomplete;
        }

        scoped ReadOnlySpan<byte> head = buffer.FirstSpan;
        Span<byte> scratch = stackalloc byte[5];
        if (head.Length < 5 && buffer.Length > head.Length)
        {
            int n = (int)Math.Min(5, buffer.Length);
            buffer.Slice(0, n).CopyTo(scratch);
            head = scratch[..n];
        }

        byte first = head[0];
        var type = (MqttPacketType)(first >> 4);
        int flags = first & 0x0F;
        DecodeResult check = CheckFixedHeader(type, flags, options);
        if (check.Status == DecodeStatus.Invalid)
        {
            return check;
        }

        uint remaining = 0;
        int headerLength = 0;
        for (int i = 0; i < 4; i++)
        {
            if (1 + i >= head.Length)
            {
                return DecodeResult.Incomplete;
            }

            byte b = head[1 + i];
            remaining |= (uint)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                headerLength = 2 + i;
                break;
            }
        }

        if (headerLength == 0)
        {
            return Malformed("remaining length longer than four bytes");
        }

        long total = headerLength + (long)remaining;
        uint limit = options.MaximumPacketSize == 0 ? MqttEncoding.MaxPacketSize : options.MaximumPacketSize;
        if (total > limit)
        {
            return DecodeResult.Invalid(ReasonCode.PacketTooLarge, "packet larger than the maximum packet size");
        }

        if (buffer.Length < total)
        {
            return DecodeResult.Incomplete;
        }

        // Before CONNECT the header check let only CONNECT through; its version comes from its own body.
        MqttProtocolVersion version = options.ProtocolVersion.GetValueOrDefault(MqttProtocolVersion.V500);
        DecodeResult result;
        ReadOnlySpan<byte> firstSpan = buffer.FirstSpan;
        if (firstSpan.Length >= total)
        {
            result = DecodeBody(type, flags, firstSpan.Slice(headerLength, (int)remaining), version, options.IsServer, options.Topics, out packet);
        }
        else
        {
            ReadOnlySequence<byte> body = buffer.Slice(headerLength, remaining);
            result = body.IsSingleSegment
                ? DecodeBody(type, flags, body.FirstSpan, version, options.IsServer, options.Topics, out packet)
                : DecodeFragmented(type, flags, body, version, options.IsServer, options.Topics, out packet);
        }

        if (result.Status == DecodeStatus.Packet)
        {
            buffer = buffer.Slice(total);
        }
        else if (type != MqttPacketType.Connect)
        {
            packet = null;
        }

        return result;
    }

    /// <summary>Everything the first byte alone decides: state, direction and the reserved flag bits.</summary>
    private static DecodeResult CheckFixedHeader(MqttPacketType type, int flags, in MqttDecoderOptions options)
    {
        if (type == 0)
        {
            return Malformed("reserved packet type 0");
        }

        if (options.ProtocolVersion is not { } version)
        {
            if (type != MqttPacketType.Connect || !options.IsServer)
            {
                return ProtocolError("the first packet must be CONNECT");
            }
        }
        else
        {
            if (type == MqttPacketType.Connect)
            {
                return ProtocolError("CONNECT received twice");
            }

            if (type == MqttPacketType.Auth && version == MqttProtocolVersion.V311)
            {
                return Malformed("reserved packet type 15 in MQTT 3.1.1");
            }

            // A server never receives the server-to-client types; a client never the client-to-server ones, nor
            // DISCONNECT in 3.1.1 (where only clients send it).
            bool allowed = options.IsServer
                ? type is not (MqttPacketType.ConnAck or MqttPacketType.SubAck or MqttPacketType.UnsubAck or MqttPacketType.PingResp)
                : type is not (MqttPacketType.Subscribe or MqttPacketType.Unsubscribe or MqttPacketType.PingReq)
                    && !(type == MqttPacketType.Disconnect && version == MqttProtocolVersion.V311);
            if (!allowed)
            {
                return ProtocolError("packet type not allowed in this direction");
            }

            if (type == MqttPacketType.Publish)
            {
                int qos = (flags >> 1) & 3;
                if (qos == 3)
                {
                    return Malformed("PUBLISH with QoS 3");
                }

                if (qos == 0 && (flags & 0x08) != 0 && version == MqttProtocolVersion.V500)
                {
                    return Malformed("PUBLISH with QoS 0 and DUP set");
                }

                return DecodeResult.Ok;
            }
        }

        int expected = type is MqttPacketType.PubRel or MqttPacketType.Subscribe or MqttPacketType.Unsubscribe ? 0b0010 : 0;
        return flags == expected ? DecodeResult.Ok : Malformed("reserved fixed header flags");
    }

    private static DecodeResult DecodeBody(
        MqttPacketType type, int flags, ReadOnlySpan<byte> body, MqttProtocolVersion version, bool isServer, TopicNameCache? topics, out MqttPacket? packet)
    {
        switch (type)
        {
            case MqttPacketType.Publish:
            {
                DecodeResult result = DecodePublishHeader(body, flags, version, isServer, topics, out PublishPacket? publish, out int consumed);
                if (publish is not null)
                {
                    publish.Payload = consumed == body.Length ? ReadOnlyMemory<byte>.Empty : body[consumed..].ToArray();
                }

                packet = publish;
                return result;
            }

            case MqttPacketType.PubAck:
            case MqttPacketType.PubRec:
            case MqttPacketType.PubRel:
            case MqttPacketType.PubComp:
                return DecodeAck(type, body, version, out packet);
            case MqttPacketType.Connect:
                return DecodeConnect(body, out packet);
            case MqttPacketType.ConnAck:
                return DecodeConnAck(body, version, out packet);
            case MqttPacketType.Subscribe:
                return DecodeSubscribe(body, version, out packet);
            case MqttPacketType.SubAck:
                return DecodeSubAck(body, version, out packet);
            case MqttPacketType.Unsubscribe:
                return DecodeUnsubscribe(body, version, out packet);
            case MqttPacketType.UnsubAck:
                return DecodeUnsubAck(body, version, out packet);
            case MqttPacketType.PingReq:
                packet = PingReqPacket.Instance;
                return body.IsEmpty ? DecodeResult.Ok : Malformed("PINGREQ with a body");
            case MqttPacketType.PingResp:
                packet = PingRespPacket.Instance;
                return body.IsEmpty ? DecodeResult.Ok : Malformed("PINGRESP with a body");
            case MqttPacketType.Disconnect:
                return DecodeDisconnect(body, version, isServer, out packet);
            case MqttPacketType.Auth:
                return DecodeAuth(body, out packet);
            default:
                packet = null;
                return Malformed("unknown packet type");
        }
    }

    /// <summary>
    /// A body that straddles segments. PUBLISH: only its variable header is gathered into one span and the payload is
    /// copied straight from the segments into its owned array (still one copy). Other packets are small, or bounded by
    /// the bytes already received, so their body is gathered into stack or pooled memory and decoded as a span.
    /// </summary>
    private static DecodeResult DecodeFragmented(
        MqttPacketType type, int flags, ReadOnlySequence<byte> body, MqttProtocolVersion version, bool isServer, TopicNameCache? topics, out MqttPacket? packet)
    {
        int gather = type == MqttPacketType.Publish ? PublishHeaderLength(body, flags, version) : (int)body.Length;
        if (type == MqttPacketType.Publish && body.FirstSpan.Length >= gather)
        {
            // The usual large-message case: the variable header sits in the first segment; only the payload straddles.
            return DecodeFragmentedPublish(body.FirstSpan[..gather], flags, body, version, isServer, topics, out packet);
        }

        byte[]? rented = null;
        Span<byte> copy = gather <= StackCopyLimit ? stackalloc byte[StackCopyLimit] : (rented = ArrayPool<byte>.Shared.Rent(gather));
        copy = copy[..gather];
        try
        {
            body.Slice(0, gather).CopyTo(copy);
            if (type != MqttPacketType.Publish)
            {
                return DecodeBody(type, flags, copy, version, isServer, topics, out packet);
            }

            return DecodeFragmentedPublish(copy, flags, body, version, isServer, topics, out packet);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static DecodeResult DecodeFragmentedPublish(
        ReadOnlySpan<byte> header, int flags, ReadOnlySequence<byte> body, MqttProtocolVersion version, bool isServer, TopicNameCache? topics, out MqttPacket? packet)
    {
        DecodeResult result = DecodePublishHeader(header, flags, version, isServer, topics, out PublishPacket? publish, out int consumed);
        if (publish is not null)
        {
            publish.Payload = consumed == body.Length ? ReadOnlyMemory<byte>.Empty : body.Slice(consumed).ToArray();
        }

        packet = publish;
        return result;
    }

    /// <summary>Length of a PUBLISH variable header (topic, packet id, properties) read across segments, or the whole
    /// body when it is too short to say (the span decoder then reports the malformation).</summary>
    private static int PublishHeaderLength(ReadOnlySequence<byte> body, int flags, MqttProtocolVersion version)
    {
        var reader = new SequenceReader<byte>(body);
        int whole = (int)body.Length;
        if (!reader.TryReadBigEndian(out short topicLength) || reader.Remaining < (ushort)topicLength)
        {
            return whole;
        }

        reader.Advance((ushort)topicLength);
        if (((flags >> 1) & 3) != 0)
        {
            if (reader.Remaining < 2)
            {
                return whole;
            }

            reader.Advance(2);
        }

        if (version == MqttProtocolVersion.V500)
        {
            uint propertyLength = 0;
            for (int i = 0; ; i++)
            {
                if (i == 4 || !reader.TryRead(out byte b))
                {
                    return whole;
                }

                propertyLength |= (uint)(b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0)
                {
                    break;
                }
            }

            if (reader.Remaining < propertyLength)
            {
                return whole;
            }

            reader.Advance(propertyLength);
        }

        return (int)reader.Consumed;
    }

    private static DecodeResult Malformed(string detail) => DecodeResult.Invalid(ReasonCode.MalformedPacket, detail);

    private static DecodeResult ProtocolError(string detail) => DecodeResult.Invalid(ReasonCode.ProtocolError, detail);

    private static bool Failed(in DecodeResult result) => result.Status != DecodeStatus.Packet;
}
