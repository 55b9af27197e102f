using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Palisade.Mqtt.Packets;

namespace Palisade.Mqtt.Codec;

/// <summary>Encodes MQTT 3.1.1 and 5.0 packets into an <see cref="IBufferWriter{T}"/>.</summary>
/// <remarks>
/// Every packet is sized first, then written with one <see cref="IBufferWriter{T}.GetSpan"/> and one
/// <see cref="IBufferWriter{T}.Advance"/>. Optional 5.0 properties are written only when they differ from the
/// protocol default (e.g. CONNECT Receive Maximum 65,535), so decode(write(p)) equals p. Values MQTT cannot carry
/// (strings over 65,535 bytes, packets over 268,435,455 body bytes, AUTH in 3.1.1, a QoS &gt; 0 PUBLISH with packet
/// identifier 0) are caller bugs and throw <see cref="ArgumentException"/> or <see cref="NotSupportedException"/>
/// before anything is written.
/// </remarks>
public static partial class MqttPacketWriter
{
    /// <summary>Writes <paramref name="packet"/> in <paramref name="version"/>; returns the bytes written.
    /// 5.0-only fields are omitted in 3.1.1; reason codes are mapped with <see cref="ReasonCodeMapping"/>.</summary>
    public static int Write(IBufferWriter<byte> output, MqttPacket packet, MqttProtocolVersion version)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(packet);
        return packet switch
        {
            PublishPacket p => WritePublishCore(
                output, version, p, p.QoS, p.PacketId, p.Retain, p.Dup, p.TopicAlias ?? 0, omitTopic: p.Topic.Length == 0 && p.TopicAlias is not null,
                AsSpan(p.SubscriptionIdentifiers), p.MessageExpiryInterval),
            PubAckPacket a => WriteAck(output, version, a),
            ConnectPacket c => WriteConnect(output, version, c),
            ConnAckPacket c => WriteConnAck(output, version, c),
            SubscribePacket s => WriteSubscribe(output, version, s),
            SubAckPacket s => WriteSubAck(output, version, s),
            UnsubscribePacket u => WriteUnsubscribe(output, version, u),
            UnsubAckPacket u => WriteUnsubAck(output, version, u),
            PingReqPacket => WriteHeaderOnly(output, 0xC0),
            PingRespPacket => WriteHeaderOnly(output, 0xD0),
            DisconnectPacket d => WriteDisconnect(output, version, d),
            AuthPacket a => WriteAuth(output, version, a),
            _ => throw new ArgumentException("Unknown packet class.", nameof(packet)),
        };
    }

    /// <summary>
    /// Writes one outgoing delivery of <paramref name="message"/> to a subscriber without copying the message:
    /// the per-subscriber fields are passed in. With <paramref name="topicAlias"/> set and <paramref name="omitTopic"/>
    /// true, an empty topic name is written (5.0 alias already known by the client).
    /// <paramref name="messageExpiryInterval"/> replaces the message's own (the remaining lifetime), null omits it.
    /// Returns the bytes written.
    /// </summary>
    /// <remarks>The message's own <see cref="PublishPacket.TopicAlias"/> and
    /// <see cref="PublishPacket.SubscriptionIdentifiers"/> (the publisher's) are ignored: only the arguments count.
    /// <paramref name="topicAlias"/> 0 means none. In 3.1.1 all 5.0 fields are ignored.</remarks>
    public static int WritePublish(
        IBufferWriter<byte> output,
        MqttProtocolVersion version,
        PublishPacket message,
        QualityOfService qos,
        ushort packetId,
        bool retain,
        bool dup,
        ushort topicAlias,
        bool omitTopic,
        ReadOnlySpan<uint> subscriptionIdentifiers,
        uint? messageExpiryInterval)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(message);
        return WritePublishCore(output, version, message, qos, packetId, retain, dup, topicAlias, omitTopic, subscriptionIdentifiers, messageExpiryInterval);
    }

    /// <summary>The size in bytes that <see cref="WritePublish"/> would write, for Maximum Packet Size checks before encoding.</summary>
    public static int GetPublishSize(
        MqttProtocolVersion version,
        PublishPacket message,
        QualityOfService qos,
        ushort topicAlias,
        bool omitTopic,
        ReadOnlySpan<uint> subscriptionIdentifiers,
        uint? messageExpiryInterval)
    {
        ArgumentNullException.ThrowIfNull(message);
        return MqttEncoding.PacketSize(PublishRemainingLength(version, message, qos, topicAlias, omitTopic, subscriptionIdentifiers, messageExpiryInterval, out _));
    }

    /// <summary>The topic's UTF-8 bytes, encoded once per message and shared by every delivery of it.</summary>
    internal static byte[] GetTopicUtf8(PublishPacket message)
    {
        string topic = message.Topic;
        EncodedTopic? cached = message.EncodedTopicCache;
        if (cached is not null && ReferenceEquals(cached.Source, topic))
        {
            return cached.Utf8;
        }

        byte[] utf8 = Encoding.UTF8.GetBytes(topic);
        if (utf8.Length > ushort.MaxValue)
        {
            throw new ArgumentException("An MQTT topic is at most 65,535 UTF-8 bytes.", nameof(message));
        }

        message.EncodedTopicCache = new EncodedTopic(topic, utf8);
        return utf8;
    }

    private static int PublishRemainingLength(
        MqttProtocolVersion version,
        PublishPacket message,
        QualityOfService qos,
        ushort topicAlias,
        bool omitTopic,
        ReadOnlySpan<uint> subscriptionIdentifiers,
        uint? messageExpiryInterval,
        out int propertiesLength)
    {
        bool v5 = version == MqttProtocolVersion.V500;
        bool writeTopic = !(v5 && omitTopic && topicAlias != 0);
        int length = 2 + (writeTopic ? GetTopicUtf8(message).Length : 0) + (qos == QualityOfService.AtMostOnce ? 0 : 2) + message.Payload.Length;
        propertiesLength = 0;
        if (v5)
        {
            propertiesLength = PublishPropertiesLength(message, topicAlias, subscriptionIdentifiers, messageExpiryInterval);
            length += MqttEncoding.VariableByteIntegerSize((uint)propertiesLength) + propertiesLength;
        }

        return length;
    }

    private static int PublishPropertiesLength(PublishPacket m, ushort topicAlias, ReadOnlySpan<uint> subscriptionIdentifiers, uint? messageExpiryInterval)
    {
        int length = 0;
        if (m.PayloadFormatIndicator is not null) length += 2;
        if (messageExpiryInterval is not null) length += 5;
        if (topicAlias != 0) length += 3;
        if (m.ResponseTopic is { } responseTopic) length += 1 + MqttEncoding.StringSize(responseTopic);
        if (m.CorrelationData is { } correlation) length += 1 + MqttEncoding.BinarySize(correlation.Length);
        if (m.ContentType is { } contentType) length += 1 + MqttEncoding.StringSize(contentType);
        foreach (uint id in subscriptionIdentifiers)
        {
            if (id is 0 or > MqttEncoding.MaxRemainingLength)
            {
                throw new ArgumentException("A subscription identifier is 1 to 268,435,455.", nameof(subscriptionIdentifiers));
            }

            length += 1 + MqttEncoding.VariableByteIntegerSize(id);
        }

        return length + UserPropertiesLength(m.UserProperties);
    }

    private static int WritePublishCore(
        IBufferWriter<byte> output,
        MqttProtocolVersion version,
        PublishPacket message,
        QualityOfService qos,
        ushort packetId,
        bool retain,
        bool dup,
        ushort topicAlias,
        bool omitTopic,
        ReadOnlySpan<uint> subscriptionIdentifiers,
        uint? messageExpiryInterval)
    {
        if ((byte)qos > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(qos), qos, "QoS is 0, 1 or 2.");
        }

        if (qos != QualityOfService.AtMostOnce && packetId == 0)
        {
            throw new ArgumentException("A QoS 1 or 2 PUBLISH needs a non-zero packet identifier.", nameof(packetId));
        }

        int remaining = PublishRemainingLength(version, message, qos, topicAlias, omitTopic, subscriptionIdentifiers, messageExpiryInterval, out int propertiesLength);
        int size = MqttEncoding.PacketSize(remaining);
        var w = new SpanWriter(output.GetSpan(size));

        // DUP is meaningless (and malformed in 5.0) at QoS 0, so it is dropped there.
        int flags = ((byte)qos << 1) | (retain ? 1 : 0) | (dup && qos != QualityOfService.AtMostOnce ? 8 : 0);
        w.WriteByte((byte)(0x30 | flags));
        w.WriteVariableByteInteger((uint)remaining);
        bool v5 = version == MqttProtocolVersion.V500;
        if (v5 && omitTopic && topicAlias != 0)
        {
            w.WriteUInt16(0);
        }
        else
        {
            w.WriteBinary(GetTopicUtf8(message));
        }

        if (qos != QualityOfService.AtMostOnce)
        {
            w.WriteUInt16(packetId);
        }

        if (v5)
        {
            w.WriteVariableByteInteger((uint)propertiesLength);
            if (propertiesLength != 0)
            {
                if (message.PayloadFormatIndicator is { } pfi) WriteByteProperty(ref w, PropertyId.PayloadFormatIndicator, pfi);
                if (messageExpiryInterval is { } expiry) WriteUInt32Property(ref w, PropertyId.MessageExpiryInterval, expiry);
                if (topicAlias != 0) WriteUInt16Property(ref w, PropertyId.TopicAlias, topicAlias);
                if (message.ResponseTopic is { } responseTopic) WriteStringProperty(ref w, PropertyId.ResponseTopic, responseTopic);
                if (message.CorrelationData is { } correlation) WriteBinaryProperty(ref w, PropertyId.CorrelationData, correlation.Span);
                if (message.ContentType is { } contentType) WriteStringProperty(ref w, PropertyId.ContentType, contentType);
                foreach (uint id in subscriptionIdentifiers)
                {
                    w.WriteByte((byte)PropertyId.SubscriptionIdentifier);
                    w.WriteVariableByteInteger(id);
                }

                WriteUserProperties(ref w, message.UserProperties);
            }
        }

        w.WriteBytes(message.Payload.Span);
        output.Advance(size);
        return size;
    }

    private static ReadOnlySpan<uint> AsSpan(IReadOnlyList<uint> list) => list switch
    {
        uint[] array => array,
        List<uint> l => CollectionsMarshal.AsSpan(l),
        _ => list.ToArray(),
    };

    private static int WriteHeaderOnly(IBufferWriter<byte> output, byte first)
    {
        Span<byte> span = output.GetSpan(2);
        span[0] = first;
        span[1] = 0;
        output.Advance(2);
        return 2;
    }

    // Property helpers: identifier byte then value.
    private static void WriteByteProperty(ref SpanWriter w, PropertyId id, byte value)
    {
        w.WriteByte((byte)id);
        w.WriteByte(value);
    }

    private static void WriteUInt16Property(ref SpanWriter w, PropertyId id, ushort value)
    {
        w.WriteByte((byte)id);
        w.WriteUInt16(value);
    }

    private static void WriteUInt32Property(ref SpanWriter w, PropertyId id, uint value)
    {
        w.WriteByte((byte)id);
        w.WriteUInt32(value);
    }

    private static void WriteVariableByteIntegerProperty(ref SpanWriter w, PropertyId id, uint value)
    {
        w.WriteByte((byte)id);
        w.WriteVariableByteInteger(value);
    }

    private static void WriteStringProperty(ref SpanWriter w, PropertyId id, string value)
    {
        w.WriteByte((byte)id);
        w.WriteString(value);
    }

    private static void WriteBinaryProperty(ref SpanWriter w, PropertyId id, ReadOnlySpan<byte> value)
    {
        w.WriteByte((byte)id);
        w.WriteBinary(value);
    }

    private static int UserPropertiesLength(IReadOnlyList<UserProperty> properties)
    {
        int length = 0;
        for (int i = 0; i < properties.Count; i++)
        {
            UserProperty p = properties[i];
            length += 1 + MqttEncoding.StringSize(p.Name) + MqttEncoding.StringSize(p.Value);
        }

        return length;
    }

    private static void WriteUserProperties(ref SpanWriter w, IReadOnlyList<UserProperty> properties)
    {
        for (int i = 0; i < properties.Count; i++)
        {
            UserProperty p = properties[i];
            w.WriteByte((byte)PropertyId.UserProperty);
            w.WriteString(p.Name);
            w.WriteString(p.Value);
        }
    }

    private static int StringPropertyLength(string? value) => value is null ? 0 : 1 + MqttEncoding.StringSize(value);

    private static int BinaryPropertyLength(ReadOnlyMemory<byte>? value) => value is { } v ? 1 + MqttEncoding.BinarySize(v.Length) : 0;

    private static int PropertySectionLength(int propertiesLength) =>
        MqttEncoding.VariableByteIntegerSize((uint)propertiesLength) + propertiesLength;
}
