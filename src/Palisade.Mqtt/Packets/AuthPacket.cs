namespace Palisade.Mqtt.Packets;

/// <summary>AUTH (5.0 only): enhanced authentication exchange.</summary>
public sealed class AuthPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Auth;

    public ReasonCode ReasonCode { get; set; } = ReasonCode.Success;
    public string? AuthenticationMethod { get; set; }
    public ReadOnlyMemory<byte>? AuthenticationData { get; set; }
    public string? ReasonString { get; set; }
    public IReadOnlyList<UserProperty> UserProperties { get; set; } = [];
}
