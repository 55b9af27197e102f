using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Palisade.Simulation;

/// <summary>
/// Where the simulated devices connect and how they trust the server: by default the system's trust store; with
/// <c>--server-cert</c> only that certificate (Palisade's self-signed server certificate, or the CA that issued it).
/// </summary>
internal sealed class SimulatorEndpoint
{
    private readonly X509Certificate2? _trusted;

    public SimulatorEndpoint(string host, int port, bool plainTcp, X509Certificate2? trusted)
    {
        Host = host;
        Port = port;
        PlainTcp = plainTcp;
        _trusted = trusted;
    }

    public string Host { get; }

    public int Port { get; }

    public bool PlainTcp { get; }

    public bool ValidateServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_trusted is null)
        {
            return errors == SslPolicyErrors.None;
        }

        if (certificate is null)
        {
            return false;
        }

        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (presented.RawDataMemory.Span.SequenceEqual(_trusted.RawDataMemory.Span))
        {
            return true; // pinned: exactly the certificate we were told to trust (names do not matter then)
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(_trusted);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return custom.Build(presented) && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
    }
}
