namespace Palisade.Platform.Participants;

/// <summary>A participant (tenant) and the certificate authorities it registered for its own devices.</summary>
internal sealed record ParticipantRecord(
    string Id,
    IdentityState State,
    DateTimeOffset CreatedUtc,
    IReadOnlyList<ParticipantCa> CertificateAuthorities);
