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
    IReadOnlyList<CidrRange> Allowlist)
{
    /// <summary>Device class ("plc", "sensor", ...) for admission policy, or null when none was given.</summary>
    public string? Class { get; init; }
}
