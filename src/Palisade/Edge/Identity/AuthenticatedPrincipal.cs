using Palisade.Platform.Applications;

namespace Palisade.Edge.Identity;

/// <summary>
/// Who an admitted connection is: a device or an application of one participant, with the grants an application holds
/// and how it authenticated. Topic authorisation (<see cref="Platform.Participants.TopicPolicy"/>) works on this.
/// </summary>
internal sealed record AuthenticatedPrincipal(
    PrincipalKind Kind,
    string Id,
    string ParticipantId,
    IReadOnlyList<ApplicationGrant> Grants,
    string AuthenticationMethod,
    string? CertificateThumbprint)
{
    public static AuthenticatedPrincipal Device(string id, string participantId, string method, string? thumbprint = null) =>
        new(PrincipalKind.Device, id, participantId, [], method, thumbprint);

    public static AuthenticatedPrincipal Application(string id, string participantId, IReadOnlyList<ApplicationGrant> grants, string method = "secret") =>
        new(PrincipalKind.Application, id, participantId, grants, method, null);
}
