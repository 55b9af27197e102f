namespace Palisade.Mqtt.Packets;

/// <summary>The will carried in CONNECT.</summary>
public sealed class WillMessage
{
    public string Topic { get; set; } = "";
    public ReadOnlyMemory<byte> Payload { get; set; }
    public QualityOfService QoS { get; set; }
    public bool Retain { get; set; }

    // MQTT 5.0 will properties.
    /// <summary>Will Delay Interval in seconds (5.0).</summary>
    public uint WillDelayInterval { get; set; }
    public byte? PayloadFormatIndicator { get; set; }
    public uint? MessageExpiryInterval { get; set; }
    public string? ContentType { get; set; }
    public string? ResponseTopic { get; set; }
    public ReadOnlyMemory<byte>? CorrelationData { get; set; }
    public IReadOnlyList<UserProperty> UserProperties { get; set; } = [];
}
