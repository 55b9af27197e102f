namespace Palisade.Mqtt.Packets;

/// <summary>DISCONNECT, both directions in 5.0 (client to server only in 3.1.1, with no reason).</summary>
public sealed class DisconnectPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Disconnect;

    public ReasonCode ReasonCode { get; set; } = ReasonCode.NormalDisconnection;
    public uint? SessionExpiryInterval { get; set; }
    public string? ReasonString { get; set; }
    public string? ServerReference { get; set; }
    public IReadOnlyList<UserProperty> UserProperties { get; set; } = [];
}
