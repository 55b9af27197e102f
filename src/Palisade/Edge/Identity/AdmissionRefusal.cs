namespace Palisade.Edge.Identity;

/// <summary>Why a connection was refused. Each maps to one MQTT 5.0 reason code in <see cref="AdmissionReasonCodes"/>.</summary>
internal enum AdmissionRefusal
{
    None,
    NoCredentials,
    UnknownCertificateAuthority,
    CertificateExpired,
    CertificateNotYetValid,
    CertificateInvalid,
    CertificateRevoked,
    CertificateNotRegistered,
    ForeignParticipantCa,
    UnknownDevice,
    DeviceSuspended,
    DeviceRevoked,
    ParticipantNotActive,
    ClientIdMismatch,
    SourceAddressNotAllowed,
    BadSecret,
    SecretOverPlainText,
    CertificateShared,
}
