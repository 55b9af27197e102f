namespace Palisade.Mqtt.Packets;

/// <summary>SUBSCRIBE (client to server).</summary>
public sealed class SubscribePacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Subscribe;

    public ushort PacketId { get; set; }
    public IReadOnlyList<Subscription> Subscriptions { get; set; } = [];

    // MQTT 5.0 properties.
    /// <summary>Subscription Identifier (1 to 268,435,455), or null.</summary>
    public uint? SubscriptionIdentifier { get; set; }
    public IReadOnlyList<UserProperty> UserProperties { get; set; } = [];
}
