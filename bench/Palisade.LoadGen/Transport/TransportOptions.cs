using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Palisade.LoadGen.Transport;

/// <summary>How every connection of a run reaches the broker.</summary>
/// <param name="Remote">The broker.</param>
/// <param name="Tls">Wrap the socket in TLS.</param>
/// <param name="TlsServerName">Name the broker certificate must carry.</param>
/// <param name="SourceAddresses">Local addresses to bind, round-robin by connection index; empty = let the OS choose.
/// Several loopback sources (127.0.0.1..N) multiply the ephemeral ports available for large idle fleets.</param>
/// <param name="CaRoots">Trust anchors for the broker's certificate (--cafile); null = the system store.</param>
/// <param name="ClientCertificate">Certificate for mutual TLS, if any.</param>
/// <param name="ConnectTimeout">Limit for TCP, TLS and CONNACK of one connection.</param>
/// <param name="Insecure">Accept any broker certificate (--insecure): for self-signed test brokers only.</param>
internal sealed record TransportOptions(
    IPEndPoint Remote,
    bool Tls,
    string TlsServerName,
    X509Certificate2Collection? CaRoots,
    bool Insecure,
    X509Certificate2? ClientCertificate,
    IReadOnlyList<IPAddress> SourceAddresses,
    TimeSpan ConnectTimeout);
