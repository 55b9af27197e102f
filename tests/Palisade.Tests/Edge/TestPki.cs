using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Palisade.Tests.Edge;

/// <summary>Certificates made by the test: a participant's own CA, leaf certificates from any CA, CSRs.</summary>
internal static class TestPki
{
    public static (X509Certificate2 Cert, ECDsa Key) CreateCa(string name, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var cert = request.CreateSelfSigned(notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddYears(5));
        return (cert, key);
    }

    /// <summary>A client certificate with CN = <paramref name="cn"/> signed by the given CA.</summary>
    public static X509Certificate2 CreateLeaf(X509Certificate2 caCert, ECDsa caKey, string cn, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, string? urn = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + cn, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (urn is not null)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddUri(new Uri(urn));
            request.CertificateExtensions.Add(san.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var cert = request.Create(caCert.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey),
            notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(30), serial);
        return cert.CopyWithPrivateKey(key);
    }

    public static string CreateCsrPem(out ECDsa key, string subject = "CN=ignored")
    {
        key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        return request.CreateSigningRequestPem();
    }

    public static string ToPem(X509Certificate2 cert) => new string(System.Security.Cryptography.PemEncoding.Write("CERTIFICATE", cert.RawData)) + "\n";
}
