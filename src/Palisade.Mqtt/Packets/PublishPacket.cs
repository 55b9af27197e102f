namespace Palisade.Mqtt.Packets;

/// <summary>
/// PUBLISH, both directions. The payload is owned memory (copied out of the transport buffer), so one
/// received packet can be fanned out to many subscribers without copying again.
/// </summary>
public sealed class PublishPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Publish;

    /// <summary>Topic name; may be empty in 5.0 when <see cref="TopicAlias"/> names a known alias.</summary>
    public string Topic { get; set; } = "";
    public ReadOnlyMemory<byte> Payload { get; set; }
    public QualityOfService QoS { get; set; }
    public bool Retain { get; set; }
    public bool Dup { get; set; }
    /// <summary>Packet identifier; 0 at QoS 0.</summary>
    public ushort PacketId { get; set; }

    // MQTT 5.0 properties.
    public byte? PayloadFormatIndicator { get; set; }
    public uint? MessageExpiryInterval { get; set; }
    public ushort? TopicAlias { get; set; }
    public string? ResponseTopic { get; set; }
    public ReadOnlyMemory<byte>? CorrelationData { get; set; }
    public IReadOnlyList<UserProperty> UserProperties { get; set; } = [];
    /// <summary>Subscription identifiers (server to client only).</summary>
    public IReadOnlyList<uint> SubscriptionIdentifiers { get; set; } = [];
    public string? ContentType { get; set; }

    /// <summary>Lazily filled by the writer; see <see cref="EncodedTopic"/>.</summary>
    internal EncodedTopic? EncodedTopicCache { get; set; }
}
