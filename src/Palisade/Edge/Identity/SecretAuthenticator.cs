using Palisade.Infrastructure.Pki;
using Palisade.Platform.Participants;

namespace Palisade.Edge.Identity;

/// <summary>
/// Authenticates devices that cannot hold certificates (6.1 q) and applications by their generated secret: MQTT user
/// name = device or application id, password = the secret. Pure logic; the PBKDF2 check costs ~0.1 s of CPU, so the
/// broker should call it off the I/O thread and rate-limit connects per source.
/// Secrets are accepted only over TLS (server-authenticated): over plain TCP they would be readable on the wire.
/// Unknown ids and wrong secrets get the same answer after the same work, so ids cannot be probed.
/// Only after the secret is proven does the answer reveal state (revoked, suspended): an unauthenticated caller
/// learns nothing about a device.
/// Applications may open several connections: client id = application id, or application id + ":" + instance.
/// </summary>
internal sealed class SecretAuthenticator
{
    private readonly IIdentityDirectory _directory;
    private readonly bool _allowWithoutTls;

    /// <param name="directory">The registry.</param>
    /// <param name="allowWithoutTls">Accept secrets on a plain-TCP listener (tests and closed lab networks only).</param>
    public SecretAuthenticator(IIdentityDirectory directory, bool allowWithoutTls = false)
    {
        _directory = directory;
        _allowWithoutTls = allowWithoutTls;
    }

    public AdmissionDecision Authenticate(SecretConnectAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        if (string.IsNullOrEmpty(attempt.UserName) || attempt.Password is not { } password)
        {
            return AdmissionDecision.Refuse(AdmissionRefusal.NoCredentials, "credentials required");
        }

        if (!attempt.IsTls && !_allowWithoutTls)
        {
            return AdmissionDecision.Refuse(AdmissionRefusal.SecretOverPlainText, "secrets are accepted only over TLS", $"user '{attempt.UserName}'");
        }

        if (_directory.FindDevice(attempt.UserName) is { } device)
        {
            return AuthenticateDevice(device, password.Span, attempt);
        }

        if (_directory.FindApplication(attempt.UserName) is { } application)
        {
            if (!SecretHasher.Verify(application.SecretHash, password.Span))
            {
                return BadSecret(attempt);
            }

            var detail = $"application '{application.Id}' of '{application.ParticipantId}'";
            if (application.State == IdentityState.Revoked)
            {
                return AdmissionDecision.Refuse(AdmissionRefusal.DeviceRevoked, "application revoked", detail);
            }

            if (application.State != IdentityState.Active)
            {
                return AdmissionDecision.Refuse(AdmissionRefusal.DeviceSuspended, "application not active", detail);
            }

            if (_directory.FindParticipant(application.ParticipantId) is not { State: IdentityState.Active })
            {
                return AdmissionDecision.Refuse(AdmissionRefusal.ParticipantNotActive, "participant not active", detail);
            }

            var clientId = attempt.ClientId;
            var clientIdOk = clientId == application.Id
                || (clientId.Length > application.Id.Length + 1 && clientId.StartsWith(application.Id + ":", StringComparison.Ordinal));
            if (!clientIdOk)
            {
                return AdmissionDecision.Refuse(AdmissionRefusal.ClientIdMismatch, "client id must be the application id or 'id:instance'", $"{detail}: client id '{clientId}'");
            }

            return AdmissionDecision.Admit(AuthenticatedPrincipal.Application(application.Id, application.ParticipantId, application.Grants));
        }

        SecretHasher.VerifyDecoy(password.Span);
        return BadSecret(attempt);
    }

    private AdmissionDecision AuthenticateDevice(DeviceRecord device, ReadOnlySpan<byte> password, SecretConnectAttempt attempt)
    {
        DeviceCredential? matched = null;
        var tried = false;
        foreach (var credential in device.Credentials)
        {
            if (credential.SecretHash is { } hash)
            {
                tried = true;
                if (SecretHasher.Verify(hash, password))
                {
                    matched = credential;
                    break;
                }
            }
        }

        if (!tried)
        {
            SecretHasher.VerifyDecoy(password);
        }

        if (matched is null)
        {
            return BadSecret(attempt);
        }

        var detail = $"device '{device.Id}' of '{device.ParticipantId}'";
        if (device.State == IdentityState.Revoked || matched.Revoked)
        {
            return AdmissionDecision.Refuse(AdmissionRefusal.DeviceRevoked, "device revoked", detail);
        }

        if (DeviceStanding.Check(_directory, device, attempt.ClientId, attempt.SourceAddress, detail) is { } refused)
        {
            return refused;
        }

        return AdmissionDecision.Admit(AuthenticatedPrincipal.Device(device.Id, device.ParticipantId, "secret"));
    }

    private static AdmissionDecision BadSecret(SecretConnectAttempt attempt) =>
        AdmissionDecision.Refuse(AdmissionRefusal.BadSecret, "bad user name or password", $"user '{attempt.UserName}'");
}
