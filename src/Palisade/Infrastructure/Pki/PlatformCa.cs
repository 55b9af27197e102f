using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Palisade.Infrastructure.Storage;

namespace Palisade.Infrastructure.Pki;

/// <summary>
/// The platform certificate authority: ECDSA P-256, created on first use in &lt;data&gt;/ca (ca.key 0600, ca.crt).
/// Issues device client certificates. The key never leaves the data folder.
/// </summary>
internal sealed class PlatformCa : IDisposable
{
    public const string KeyFileName = "ca.key";
    public const string CertificateFileName = "ca.crt";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    private readonly ECDsa _key;

    private PlatformCa(X509Certificate2 certificate, ECDsa key)
    {
        Certificate = certificate;
        _key = key;
    }

    /// <summary>The CA certificate (public): devices and listeners trust it.</summary>
    public X509Certificate2 Certificate { get; }

    public string Thumbprint => CertificateFacts.Thumbprint(Certificate);

    /// <summary>Loads the CA from the data folder, creating it (10-year validity) when absent.</summary>
    public static PlatformCa LoadOrCreate(DataFolder data, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var dir = data.CaDirectory;
        var keyPath = Path.Combine(dir, KeyFileName);
        var certPath = Path.Combine(dir, CertificateFileName);
        if (!File.Exists(keyPath))
        {
            Create(keyPath, certPath, (time ?? TimeProvider.System).GetUtcNow());
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(keyPath));
            var certificate = X509CertificateLoader.LoadCertificate(PemToDer(File.ReadAllText(certPath)));
            return new PlatformCa(certificate, key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Issues a device certificate for a public key taken from a PKCS#10 CSR. The CSR's signature is verified (proof
    /// that the requester holds the private key); its requested subject and extensions are ignored — the platform
    /// decides the name (CN = device id, URI SAN urn:palisade:device:P:ID), the clientAuth EKU and the validity.
    /// </summary>
    /// <exception cref="CryptographicException">The CSR is malformed, its signature does not verify, or its key is too weak.</exception>
    public X509Certificate2 IssueFromCsr(string csrPem, string participantId, string deviceId, TimeSpan validity, DateTimeOffset now)
    {
        // Default load options verify the CSR signature; an unsigned or tampered request throws here.
        var csr = CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default, RSASignaturePadding.Pkcs1);
        CheckKeyStrength(csr.PublicKey);
        return Issue(csr.PublicKey, participantId, deviceId, validity, now);
    }

    /// <summary>Generates a P-256 key pair for a device and issues its certificate (the convenience path).</summary>
    public (X509Certificate2 Certificate, ECDsa Key) IssueWithNewKey(string participantId, string deviceId, TimeSpan validity, DateTimeOffset now)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var request = new CertificateRequest("CN=x", key, HashAlgorithmName.SHA256);
            return (Issue(request.PublicKey, participantId, deviceId, validity, now), key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }

    /// <summary>PEM text of a certificate.</summary>
    public static string ToPem(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new string(PemEncoding.Write("CERTIFICATE", certificate.RawData)) + "\n";
    }

    private X509Certificate2 Issue(PublicKey publicKey, string participantId, string deviceId, TimeSpan validity, DateTimeOffset now)
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName(participantId);
        subject.AddCommonName(deviceId);
        var request = new CertificateRequest(subject.Build(), publicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuthOid)], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(CertificateFacts.DeviceUrn(participantId, deviceId)));
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(publicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));

        // Five minutes back-dated for device clock skew; never beyond the CA's own validity.
        var notBefore = now.AddMinutes(-5);
        if (notBefore < Certificate.NotBefore)
        {
            notBefore = Certificate.NotBefore; // CertificateRequest.Create refuses a child older than its issuer
        }

        var notAfter = now.Add(validity);
        if (notAfter > Certificate.NotAfter)
        {
            notAfter = Certificate.NotAfter;
        }

        return request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), notBefore, notAfter, NewSerial());
    }

    private static void CheckKeyStrength(PublicKey publicKey)
    {
        using var ec = publicKey.GetECDsaPublicKey();
        if (ec is not null)
        {
            if (ec.KeySize < 256)
            {
                throw new CryptographicException("CSR key: ECDSA keys must be at least 256 bits");
            }

            return;
        }

        using var rsa = publicKey.GetRSAPublicKey();
        if (rsa is not null)
        {
            if (rsa.KeySize < 2048)
            {
                throw new CryptographicException("CSR key: RSA keys must be at least 2048 bits");
            }

            return;
        }

        throw new CryptographicException("CSR key: only ECDSA (P-256 or stronger) and RSA (2048 bits or more) are accepted");
    }

    private static byte[] NewSerial()
    {
        // 16 random bytes, positive (RFC 5280 serials are positive integers, at most 20 octets).
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        return serial;
    }

    private static void Create(string keyPath, string certPath, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("Palisade");
        subject.AddCommonName("Palisade Platform CA " + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)));
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));

        // Key first (0600, never overwritten), then the public certificate.
        OwnerOnlyFile.WriteNew(keyPath, Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()));
        File.WriteAllText(certPath, ToPem(certificate));
    }

    internal static byte[] PemToDer(string pem)
    {
        var fields = PemEncoding.Find(pem);
        return Convert.FromBase64String(pem[fields.Base64Data]);
    }

    /// <summary>Serial number as upper-case hex, as it is recorded in the registry.</summary>
    public static string SerialHex(X509Certificate2 certificate) => certificate.SerialNumber;
}
