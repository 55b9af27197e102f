using Palisade.Mqtt;

namespace Palisade.Admission.Pipeline;

/// <summary>
/// What a stage decided. A refusal carries the MQTT 5.0 reason code for the PUBACK/PUBREC (the broker maps it for
/// 3.1.1, where the message is dropped), a reason string for the client, a stable refusal code for audit and counters
/// (e.g. "integrity.tag-mismatch"), and whether the connection must be closed (DISCONNECT with that reason).
/// </summary>
public readonly record struct StageVerdict(bool Admitted, ReasonCode Reason, string? ReasonString, string? Refusal, bool Disconnect)
{
    public static StageVerdict Pass { get; } = new(true, ReasonCode.Success, null, null, false);

    public static StageVerdict Refuse(ReasonCode reason, string refusal, string reasonString) => new(false, reason, reasonString, refusal, false);

    public static StageVerdict RefuseAndDisconnect(ReasonCode reason, string refusal, string reasonString) => new(false, reason, reasonString, refusal, true);
}
