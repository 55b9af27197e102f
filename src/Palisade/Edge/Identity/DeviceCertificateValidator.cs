using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Palisade.Infrastructure.Pki;
using Palisade.Platform.Participants;

namespace Palisade.Edge.Identity;

/// <summary>
/// Decides whether a client certificate admits a device (8.2.4 a, b, e; threat 6.2 k). Pure logic: no sockets, no
/// network fetches (revocation comes from the registry, not from CRL or OCSP downloads), time passed in.
/// A certificate is admitted only if, in this order:
/// 1. it chains to the platform CA or to a CA registered by an active participant, and is not itself a CA;
/// 2. it and its issuers are within validity at <see cref="CertificateConnectAttempt.Now"/>;
/// 3. it names a registered device (URI SAN urn:palisade:device:P:ID, else CN);
/// 4. the CA that issued it belongs to that device's participant (a participant's CA can never vouch for another
///    participant's device), and a certificate from the platform CA is one the registry recorded for that device;
/// 5. neither the certificate nor the device is revoked, and device and participant are active;
/// 6. the MQTT client id equals the device id;
/// 7. the source address is in the device's allowlist (when it has one).
/// The order puts the cheap, identity-free refusals first and keeps the registry lookups for certificates the
/// platform trusts.
/// </summary>
internal sealed class DeviceCertificateValidator
{
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    private readonly IIdentityDirectory _directory;
    private readonly X509Certificate2 _platformCa;
    private readonly string _platformCaThumbprint;

    public DeviceCertificateValidator(IIdentityDirectory directory, X509Certificate2 platformCa)
    {
        _directory = directory;
        _platformCa = platformCa;
        _platformCaThumbprint = CertificateFacts.Thumbprint(platformCa);
    }

    public AdmissionDecision Validate(CertificateConnectAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        if (attempt.Certificate is not { } leaf)
        {
            return AdmissionDecision.Refuse(AdmissionRefusal.NoCredentials, "client certificate required");
        }

        var thumbprint = CertificateFacts.Thumbprint(leaf);
        if (leaf.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority))
        {
            return AdmissionDecision.Refuse(AdmissionRefusal.CertificateInvalid, "a CA certificate cannot be a client certificate", $"cert {thumbprint}");
        }

        var participantCas = _directory.ActiveParticipantCas();
        var chainCheck = CheckChain(leaf, attempt, participantCas, out var anchorThumbprint);
        if (chainCheck is not null)
        {
            return chainCheck with { Detail = $"cert {thumbprint} subject '{leaf.Subject}' issuer '{leaf.Issuer}': {chainCheck.Detail}" };
        }

        if (CertificateFacts.DeviceName(leaf) is not { } name)
        {
            return AdmissionDecision.Refuse(AdmissionRefusal.CertificateInvalid, "certificate names no device", $"cert {thumbprint}");
        }

        var device = _directory.FindDevice(name.DeviceId);
        if (device is null)
        {
            return AdmissionDecision.Refuse(AdmissionRefusal.UnknownDevice, "no registered device for this certificate", $"cert {thumbprint} names device '{name.DeviceId}'");
        }

        var detail = $"device '{device.Id}' of '{device.ParticipantId}', cert {thumbprint}";
        if (name.ParticipantId is { } named && named != device.ParticipantId)
        {
            return AdmissionDecision.Refuse(AdmissionRefusal.ForeignParticipantCa, "certificate names another participant", $"{detail}: certificate names participant '{named}'");
        }

        var credential = device.Credentials.FirstOrDefault(c => c.CertificateThumbprint == thumbprint);
        if (anchorThumbprint == _platformCaThumbprint)
        {
            if (credential is null)
            {
                return AdmissionDecision.Refuse(AdmissionRefusal.CertificateNotRegistered, "certificate not registered for this device", detail);
            }
        }
        else if (!participantCas.Any(ca => ca.Thumbprint == anchorThumbprint && ca.ParticipantId == device.ParticipantId))
        {
            return AdmissionDecision.Refuse(AdmissionRefusal.ForeignParticipantCa, "certificate issued by another participant's CA", $"{detail}: issuer CA {anchorThumbprint}");
        }

        if (device.State == IdentityState.Revoked)
        {
            return AdmissionDecision.Refuse(AdmissionRefusal.DeviceRevoked, "device revoked", detail);
        }

        if (credential is { Revoked: true })
        {
            return AdmissionDecision.Refuse(AdmissionRefusal.CertificateRevoked, "certificate revoked", detail);
        }

        if (DeviceStanding.Check(_directory, device, attempt.ClientId, attempt.SourceAddress, detail) is { } refused)
        {
            return refused;
        }

        return AdmissionDecision.Admit(AuthenticatedPrincipal.Device(device.Id, device.ParticipantId, "certificate", thumbprint));
    }

    private AdmissionDecision? CheckChain(X509Certificate2 leaf, CertificateConnectAttempt attempt, IReadOnlyList<ParticipantCa> participantCas, out string? anchorThumbprint)
    {
        anchorThumbprint = null;
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.RevocationMode = X509RevocationMode.NoCheck;   // revocation is the registry's, checked below
        policy.DisableCertificateDownloads = true;            // pure: never fetch an issuer from the network
        policy.VerificationTime = attempt.Now.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        policy.ApplicationPolicy.Add(new Oid(ClientAuthOid));
        policy.CustomTrustStore.Add(_platformCa);
        var loaded = new List<X509Certificate2>(participantCas.Count);
        try
        {
            foreach (var ca in participantCas)
            {
                var certificate = X509CertificateLoader.LoadCertificate(ca.Der);
                loaded.Add(certificate);
                policy.CustomTrustStore.Add(certificate);
            }

            if (attempt.Intermediates is not null)
            {
                policy.ExtraStore.AddRange(attempt.Intermediates);
            }

            var built = chain.Build(leaf);
            var flags = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
            try
            {
                const X509ChainStatusFlags untrusted = X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain
                    | X509ChainStatusFlags.NotSignatureValid | X509ChainStatusFlags.Cyclic;
                if ((flags & untrusted) != 0 || chain.ChainElements.Count < 2)
                {
                    return AdmissionDecision.Refuse(AdmissionRefusal.UnknownCertificateAuthority, "certificate not issued by a trusted CA", flags.ToString());
                }

                if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
                {
                    var leafBefore = new DateTimeOffset(leaf.NotBefore.ToUniversalTime());
                    if (leafBefore > attempt.Now)
                    {
                        return AdmissionDecision.Refuse(AdmissionRefusal.CertificateNotYetValid, "certificate not yet valid", $"valid from {leafBefore:O}");
                    }

                    return AdmissionDecision.Refuse(AdmissionRefusal.CertificateExpired, "certificate expired",
                        $"leaf valid until {leaf.NotAfter.ToUniversalTime():O} (or an issuer expired)");
                }

                if (!built || flags != X509ChainStatusFlags.NoError)
                {
                    return AdmissionDecision.Refuse(AdmissionRefusal.CertificateInvalid, "certificate not valid for client authentication", flags.ToString());
                }

                anchorThumbprint = CertificateFacts.Thumbprint(chain.ChainElements[^1].Certificate);
                return null;
            }
            finally
            {
                foreach (var element in chain.ChainElements)
                {
                    element.Certificate.Dispose();
                }
            }
        }
        finally
        {
            foreach (var certificate in loaded)
            {
                certificate.Dispose();
            }
        }
    }
}
