namespace Palisade.Mqtt.Codec;

/// <summary>Which MQTT 5.0 reason codes each packet may carry (section 2.4 and each packet's reason code table).</summary>
internal static class ReasonCodeRules
{
    private static ReadOnlySpan<byte> ConnAck =>
        [0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8C, 0x90, 0x95, 0x97, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9F];

    private static ReadOnlySpan<byte> PubAckOrRec => [0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99];

    private static ReadOnlySpan<byte> PubRelOrComp => [0x00, 0x92];

    private static ReadOnlySpan<byte> SubAck => [0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8F, 0x91, 0x97, 0x9E, 0xA1, 0xA2];

    private static ReadOnlySpan<byte> UnsubAck => [0x00, 0x11, 0x80, 0x83, 0x87, 0x8F, 0x91];

    private static ReadOnlySpan<byte> Disconnect =>
        [0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8B, 0x8D, 0x8E, 0x8F, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0x9B,
         0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2];

    private static ReadOnlySpan<byte> Auth => [0x00, 0x18, 0x19];

    public static bool IsValid(MqttPacketType type, byte code) => type switch
    {
        MqttPacketType.ConnAck => ConnAck.Contains(code),
        MqttPacketType.PubAck or MqttPacketType.PubRec => PubAckOrRec.Contains(code),
        MqttPacketType.PubRel or MqttPacketType.PubComp => PubRelOrComp.Contains(code),
        MqttPacketType.SubAck => SubAck.Contains(code),
        MqttPacketType.UnsubAck => UnsubAck.Contains(code),
        MqttPacketType.Disconnect => Disconnect.Contains(code),
        MqttPacketType.Auth => Auth.Contains(code),
        _ => false,
    };

    /// <summary>3.1.1 CONNACK return codes 0 to 5 as their 5.0 reason codes; null for any other value.</summary>
    public static ReasonCode? FromV311ConnAck(byte code) => code switch
    {
        0 => ReasonCode.Success,
        1 => ReasonCode.UnsupportedProtocolVersion,
        2 => ReasonCode.ClientIdentifierNotValid,
        3 => ReasonCode.ServerUnavailable,
        4 => ReasonCode.BadUserNameOrPassword,
        5 => ReasonCode.NotAuthorized,
        _ => null,
    };
}
