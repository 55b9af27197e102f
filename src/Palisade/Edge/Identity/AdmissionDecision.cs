using Palisade.Mqtt;

namespace Palisade.Edge.Identity;

/// <summary>
/// The outcome of a connection's identity check: an admitted principal, or a refusal with its MQTT reason code and a
/// reason string for the client. <see cref="Detail"/> carries what only the audit log should see.
/// </summary>
internal sealed record AdmissionDecision(
    AuthenticatedPrincipal? Principal,
    AdmissionRefusal Refusal,
    string? ReasonString,
    string? Detail)
{
    public bool Admitted => Principal is not null;

    public ReasonCode ReasonCode => AdmissionReasonCodes.For(Refusal);

    /// <summary>The MQTT 3.1.1 CONNACK return code for the same outcome.</summary>
    public byte V311ReturnCode => ReasonCodeMapping.ToV311ConnAckReturnCode(ReasonCode);

    public static AdmissionDecision Admit(AuthenticatedPrincipal principal) => new(principal, AdmissionRefusal.None, null, null);

    public static AdmissionDecision Refuse(AdmissionRefusal refusal, string reasonString, string? detail = null) => new(null, refusal, reasonString, detail);
}
