using System.Security.Cryptography.X509Certificates;

namespace Palisade.Infrastructure;

/// <summary>The server's TLS certificate with its private key, loaded (or generated) from the data folder at start.</summary>
internal sealed class ServerCertificate(X509Certificate2 certificate, string certificatePath) : IDisposable
{
    public X509Certificate2 Certificate { get; } = certificate;

    /// <summary>Path of <c>server.crt</c>: the file clients trust (mosquitto <c>--cafile</c>).</summary>
    public string CertificatePath { get; } = certificatePath;

    public void Dispose() => Certificate.Dispose();
}
