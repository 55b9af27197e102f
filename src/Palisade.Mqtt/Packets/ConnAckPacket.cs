namespace Palisade.Mqtt.Packets;

/// <summary>CONNACK (server to client). In 3.1.1 the reason is written as its return-code equivalent.</summary>
public sealed class ConnAckPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.ConnAck;

    public bool SessionPresent { get; set; }
    public ReasonCode ReasonCode { get; set; }

    // MQTT 5.0 properties.
    public uint? SessionExpiryInterval { get; set; }
    public ushort? ReceiveMaximum { get; set; }
    public QualityOfService? MaximumQoS { get; set; }
    public bool? RetainAvailable { get; set; }
    public uint? MaximumPacketSize { get; set; }
    public string? AssignedClientIdentifier { get; set; }
    public ushort? TopicAliasMaximum { get; set; }
    public string? ReasonString { get; set; }
    public bool? WildcardSubscriptionAvailable { get; set; }
    public bool? SubscriptionIdentifiersAvailable { get; set; }
    public bool? SharedSubscriptionAvailable { get; set; }
    public ushort? ServerKeepAlive { get; set; }
    public string? ResponseInformation { get; set; }
    public string? ServerReference { get; set; }
    public string? AuthenticationMethod { get; set; }
    public ReadOnlyMemory<byte>? AuthenticationData { get; set; }
    public IReadOnlyList<UserProperty> UserProperties { get; set; } = [];
}
