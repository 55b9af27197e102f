using System.Buffers;
using Palisade.Mqtt.Packets;

namespace Palisade.Mqtt.Codec;

/// <summary>Encodes MQTT 3.1.1 and 5.0 packets into an <see cref="IBufferWriter{T}"/>.</summary>
public static class MqttPacketWriter
{
    /// <summary>Writes <paramref name="packet"/> in <paramref name="version"/>; returns the bytes written.
    /// 5.0-only fields are omitted in 3.1.1; reason codes are mapped with <see cref="ReasonCodeMapping"/>.</summary>
    public static int Write(IBufferWriter<byte> output, MqttPacket packet, MqttProtocolVersion version)
    {
        throw new NotImplementedException("CONTRACT: implemented by the codec work.");
    }

    /// <summary>
    /// Writes one outgoing delivery of <paramref name="message"/> to a subscriber without copying the message:
    /// the per-subscriber fields are passed in. With <paramref name="topicAlias"/> set and <paramref name="omitTopic"/>
    /// true, an empty topic name is written (5.0 alias already known by the client).
    /// <paramref name="messageExpiryInterval"/> replaces the message's own (the remaining lifetime), null omits it.
    /// Returns the bytes written.
    /// </summary>
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
        throw new NotImplementedException("CONTRACT: implemented by the codec work.");
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
        throw new NotImplementedException("CONTRACT: implemented by the codec work.");
    }
}
