using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Palisade.Hosting;
using Palisade.Logging;

namespace Palisade.Infrastructure;

/// <summary>
/// The server's TLS key and self-signed certificate in the data folder (<c>server.key</c>, <c>server.crt</c>, PEM).
/// Generated on first start, reused afterwards so clients that trust <c>server.crt</c> keep working across restarts.
/// No key ever lives in the repository.
/// </summary>
internal static class ServerCertificateStore
{
    public const string KeyFileName = "server.key";
    public const string CertificateFileName = "server.crt";

    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";
    private static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(30);

    /// <summary>Loads the certificate with its private key, creating key and/or certificate when missing.</summary>
    public static X509Certificate2 LoadOrCreate(DataDirectory directory, ServerTlsOptions options, TimeProvider time, ILogger logger)
    {
        var keyPath = directory.PathOf(KeyFileName);
        var certificatePath = directory.PathOf(CertificateFileName);
        var hostNames = HostNamesFor(options);
        var keyExists = File.Exists(keyPath);
        var certificateExists = File.Exists(certificatePath);

        if (certificateExists && !keyExists)
        {
            throw new PalisadeConfigurationException(
                $"'{certificatePath}' exists but its private key '{keyPath}' does not. Restore the key, or delete '{certificatePath}' to generate a new key and certificate (clients must then trust the new certificate).");
        }

        if (!certificateExists)
        {
            using var key = keyExists ? LoadKey(keyPath) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
            if (!keyExists)
            {
                directory.WriteSecretFile(KeyFileName, key.ExportPkcs8PrivateKeyPem());
            }
            using var created = CreateSelfSigned(key, hostNames, options.CertificateValidityDays, time);
            directory.WritePublicFile(CertificateFileName, created.ExportCertificatePem());
            logger.ServerCertificateCreated(certificatePath, created.Thumbprint, created.NotAfter.ToUniversalTime(), string.Join(", ", hostNames));
        }

        if (DataDirectory.IsOpenToOthers(keyPath, out var mode))
        {
            logger.PrivateKeyPermissive(keyPath, mode);
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (CryptographicException ex)
        {
            throw new PalisadeConfigurationException(
                $"Cannot load the server certificate '{certificatePath}' with key '{keyPath}' (they may not match or be damaged). Delete both to generate new ones.", ex);
        }

        if (certificateExists)
        {
            logger.ServerCertificateLoaded(certificatePath, certificate.Thumbprint, certificate.NotAfter.ToUniversalTime());
        }
        if (certificate.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime < ExpiryWarning)
        {
            logger.ServerCertificateExpiring(certificatePath, certificate.NotAfter.ToUniversalTime());
        }
        foreach (var hostName in hostNames)
        {
            if (!Covers(certificate, hostName))
            {
                logger.ServerCertificateMissingHostName(certificatePath, hostName);
            }
        }
        return certificate;
    }

    /// <summary>localhost, 127.0.0.1, ::1, then the configured names, without duplicates.</summary>
    public static IReadOnlyList<string> HostNamesFor(ServerTlsOptions options)
    {
        var names = new List<string> { "localhost", "127.0.0.1", "::1" };
        foreach (var name in options.HostNames)
        {
            if (!names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                names.Add(name);
            }
        }
        return names;
    }

    private static ECDsa LoadKey(string keyPath)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(keyPath));
            return key;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new PalisadeConfigurationException($"The private key '{keyPath}' cannot be read as a PEM EC key. Delete it to generate a new one.", ex);
        }
    }

    private static X509Certificate2 CreateSelfSigned(ECDsa key, IReadOnlyList<string> hostNames, int validityDays, TimeProvider time)
    {
        // The first configured name (if any) is the subject; localhost otherwise. Verification uses the SAN only.
        var subjectName = hostNames.Count > 3 ? hostNames[3] : "localhost";
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("Palisade");
        subject.AddCommonName(subjectName);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);

        // Not a CA: clients use this very certificate as their trust anchor (mosquitto --cafile, MQTTnet trust
        // chain), which OpenSSL and .NET accept for a self-signed leaf. Were the key ever stolen, it still could
        // not sign certificates for other names that those clients would trust.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthenticationOid)], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));

        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in hostNames)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                san.AddIpAddress(address);
            }
            else
            {
                san.AddDnsName(name);
            }
        }
        request.CertificateExtensions.Add(san.Build(critical: false));

        var now = time.GetUtcNow();
        // Backdated a little so a client whose clock lags slightly does not reject a brand-new certificate.
        return request.CreateSelfSigned(now.AddMinutes(-10), now.AddDays(validityDays));
    }

    private static bool Covers(X509Certificate2 certificate, string hostName) =>
        IPAddress.TryParse(hostName, out var address)
            ? certificate.MatchesHostname(address.ToString(), allowWildcards: false, allowCommonName: false)
            : certificate.MatchesHostname(hostName, allowWildcards: true, allowCommonName: false);
}
