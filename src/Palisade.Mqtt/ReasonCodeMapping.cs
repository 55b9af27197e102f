namespace Palisade.Mqtt;

/// <summary>Maps MQTT 5.0 reason codes onto what MQTT 3.1.1 can express.</summary>
public static class ReasonCodeMapping
{
    /// <summary>
    /// The 3.1.1 CONNACK return code (0 accepted, 1 unacceptable protocol version, 2 identifier rejected,
    /// 3 server unavailable, 4 bad user name or password, 5 not authorised) for a 5.0 CONNACK reason.
    /// </summary>
    public static byte ToV311ConnAckReturnCode(ReasonCode reason) => reason switch
    {
        ReasonCode.Success => 0,
        ReasonCode.UnsupportedProtocolVersion => 1,
        ReasonCode.ClientIdentifierNotValid => 2,
        ReasonCode.ServerUnavailable or ReasonCode.ServerBusy or ReasonCode.ServerShuttingDown
            or ReasonCode.UseAnotherServer or ReasonCode.ServerMoved or ReasonCode.ConnectionRateExceeded => 3,
        ReasonCode.BadUserNameOrPassword or ReasonCode.BadAuthenticationMethod => 4,
        _ => 5,
    };

    /// <summary>The 3.1.1 SUBACK return code: the granted QoS, or 0x80 for any failure.</summary>
    public static byte ToV311SubAckReturnCode(ReasonCode reason) => (byte)reason <= 2 ? (byte)reason : (byte)0x80;
}
