using Palisade.Infrastructure.Pki;

namespace Palisade.Infrastructure.Storage;

/// <summary>The credential recorded with a new device: an issued certificate, a secret hash, or none (participant CA).</summary>
internal sealed record NewCredential(
    string? CertificateThumbprint = null,
    string? CertificateSerial = null,
    string? IssuerThumbprint = null,
    DateTimeOffset? NotAfter = null,
    SecretHash? Secret = null)
{
    public static NewCredential None { get; } = new();

    public bool IsNone => CertificateThumbprint is null && Secret is null;
}
