using Palisade.Mqtt;

namespace Palisade.Platform.Participants;

/// <summary>A topic authorisation outcome: the MQTT 5.0 reason code and, on refusal, why (for the client and the audit log).</summary>
internal readonly record struct TopicDecision(bool Allowed, ReasonCode Reason, string? ReasonString)
{
    public static TopicDecision Allow { get; } = new(true, ReasonCode.Success, null);

    public static TopicDecision NotAuthorized(string why) => new(false, ReasonCode.NotAuthorized, why);

    public static TopicDecision Invalid(ReasonCode code, string why) => new(false, code, why);

    /// <summary>3.1.1 SUBACK return code for the same decision (granted QoS or 0x80).</summary>
    public byte V311SubAckReturnCode(QualityOfService granted) =>
        Allowed ? (byte)granted : ReasonCodeMapping.ToV311SubAckReturnCode(Reason);
}
