using Palisade.Infrastructure.Pki;
using Palisade.Platform.Participants;

namespace Palisade.Platform.Applications;

/// <summary>An application of a participant: its state, its explicit grants and the hash of its generated secret.</summary>
internal sealed record ApplicationRecord(
    string Id,
    string ParticipantId,
    IdentityState State,
    DateTimeOffset CreatedUtc,
    IReadOnlyList<ApplicationGrant> Grants,
    SecretHash SecretHash);
