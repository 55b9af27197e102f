using Palisade.Infrastructure.Pki;

namespace Palisade.Edge.Identity;

/// <summary>How a device proves who it is.</summary>
internal enum DeviceCredentialKind
{
    /// <summary>A certificate issued by the platform CA (recorded by thumbprint, so it can be revoked alone).</summary>
    Certificate,
    /// <summary>A generated secret, stored only as a salted slow hash.</summary>
    Secret,
}

/// <summary>One credential of a device. Certificates are recorded by SHA-256 thumbprint, serial and issuer thumbprint.</summary>
internal sealed record DeviceCredential(
    long Id,
    string DeviceId,
    DeviceCredentialKind Kind,
    bool Revoked,
    DateTimeOffset CreatedUtc,
    string? CertificateThumbprint,
    string? CertificateSerial,
    string? IssuerThumbprint,
    DateTimeOffset? NotAfter,
    SecretHash? SecretHash);
