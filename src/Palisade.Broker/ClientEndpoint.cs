using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Palisade.Broker;

/// <summary>What the listener knows about a transport connection before MQTT starts.</summary>
/// <param name="ConnectionId">Listener-assigned id, unique per process, for logs and audit.</param>
/// <param name="ListenerName">Which listener accepted it (e.g. "tls", "mtls", "ws", "tcp").</param>
/// <param name="RemoteEndPoint">The peer address, for allowlisting and audit; null if unknown.</param>
/// <param name="IsTls">Whether the transport is TLS.</param>
/// <param name="ClientCertificate">The client's certificate when mutual TLS was used; validated by the authenticator.</param>
public sealed record ClientEndpoint(
    string ConnectionId,
    string ListenerName,
    EndPoint? RemoteEndPoint,
    bool IsTls,
    X509Certificate2? ClientCertificate);
