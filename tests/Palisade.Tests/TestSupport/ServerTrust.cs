using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Palisade.Tests.TestSupport;

/// <summary>Validates a server certificate against one trusted certificate only (not the machine's store), including the host name.</summary>
internal static class ServerTrust
{
    public static RemoteCertificateValidationCallback Only(string trustedCertificatePath)
    {
        var trusted = X509CertificateLoader.LoadCertificateFromFile(trustedCertificatePath);
        return (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false; // name mismatch or no certificate
            }
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(trusted);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        };
    }
}
