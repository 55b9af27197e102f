using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Palisade.Edge.Identity;

/// <summary>What a mutual-TLS connection presents: its certificate (and any intermediates), its client id and its source address.</summary>
internal sealed record CertificateConnectAttempt(
    X509Certificate2? Certificate,
    string ClientId,
    IPAddress? SourceAddress,
    DateTimeOffset Now,
    X509Certificate2Collection? Intermediates = null);
