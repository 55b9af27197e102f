namespace Palisade.Mqtt.Packets;

/// <summary>UNSUBSCRIBE (client to server).</summary>
public sealed class UnsubscribePacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Unsubscribe;

    public ushort PacketId { get; set; }
    public IReadOnlyList<string> TopicFilters { get; set; } = [];
    public IReadOnlyList<UserProperty> UserProperties { get; set; } = [];
}
