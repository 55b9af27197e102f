using Palisade.Mqtt;

namespace Palisade.Edge.Identity;

/// <summary>
/// The one table from refusal to MQTT 5.0 CONNACK reason code (docs/identity.md repeats it with the 3.1.1 codes).
/// Choices:
/// - Certificate problems (unknown CA, expired, invalid, not registered) answer 0x87 Not authorized, not 0x86 Bad user
///   name or password: no user name or password was involved, and 3.1.1 clients then see 5 (not authorised).
/// - Revoked devices and certificates answer 0x8A Banned: revocation is an administrative, final decision, which is
///   what Banned means; 3.1.1 has no such code and sees 5.
/// - A wrong secret and an unknown user name both answer 0x86, with the same text, so ids cannot be probed.
/// - A source address outside the allowlist answers 0x87, not 0x8A: the identity is not banned, only this place is not
///   allowed; the same device from an allowed address is admitted.
/// - Client id different from the device id answers 0x85 Client identifier not valid (3.1.1: 2, identifier rejected).
/// - A certificate already in use by a live connection answers 0x87 for the newcomer (see LiveCertificateTracker).
/// </summary>
internal static class AdmissionReasonCodes
{
    public static ReasonCode For(AdmissionRefusal refusal) => refusal switch
    {
        AdmissionRefusal.None => ReasonCode.Success,
        AdmissionRefusal.ClientIdMismatch => ReasonCode.ClientIdentifierNotValid,
        AdmissionRefusal.BadSecret => ReasonCode.BadUserNameOrPassword,
        AdmissionRefusal.CertificateRevoked or AdmissionRefusal.DeviceRevoked => ReasonCode.Banned,
        _ => ReasonCode.NotAuthorized,
    };

    /// <summary>The MQTT 3.1.1 CONNACK return code for a refusal (via the codec's shared mapping).</summary>
    public static byte ForV311(AdmissionRefusal refusal) => ReasonCodeMapping.ToV311ConnAckReturnCode(For(refusal));
}
