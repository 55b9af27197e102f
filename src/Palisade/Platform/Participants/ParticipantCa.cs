namespace Palisade.Platform.Participants;

/// <summary>
/// A CA certificate a participant registered (objective 8.1 c: external certification authorities). Devices holding
/// certificates from it are admitted only if they also match a registered device record of the same participant.
/// Thumbprint: SHA-256 of the DER certificate, upper-case hex.
/// </summary>
internal sealed record ParticipantCa(string ParticipantId, string Thumbprint, string Subject, DateTimeOffset NotAfter, byte[] Der);
