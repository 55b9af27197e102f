using Palisade.Platform.Participants;

namespace Palisade.Edge.Identity;

/// <summary>A registered device: its participant, state, credentials and source-address allowlist (empty = any).</summary>
internal sealed record DeviceRecord(
    string Id,
    string ParticipantId,
    IdentityState State,
    DateTimeOffset CreatedUtc,
    string? StateReason,
    IReadOnlyList<DeviceCredential> Credentials,
    IReadOnlyList<CidrRange> Allowlist);
