using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Palisade.Edge.Transport;

/// <summary>
/// The network listeners, section <c>Palisade:Listeners</c>. Secure defaults: MQTT only over TLS (8883) and over
/// WebSocket with TLS (8884), plain TCP off, the HTTP API on loopback only. Every listener binds 127.0.0.1 until
/// an address is configured, because clients are still anonymous in this release (device identity arrives with
/// mutual TLS): exposing the broker to a network is an explicit decision. Port 0 picks a free port; the bound
/// ports are logged and written to <c>ports.json</c> in the data folder.
/// </summary>
internal sealed class ListenersOptions
{
    public const string SectionName = "Palisade:Listeners";

    /// <summary>MQTT over TLS. Env: PALISADE__LISTENERS__TLS__*.</summary>
    public TlsListenerOptions Tls { get; set; } = new();

    /// <summary>MQTT over WebSocket (subprotocol <c>mqtt</c>). Env: PALISADE__LISTENERS__WEBSOCKET__*.</summary>
    public WebSocketListenerOptions WebSocket { get; set; } = new();

    /// <summary>MQTT over plain TCP, off unless enabled. Env: PALISADE__LISTENERS__PLAINTCP__*.</summary>
    public PlainTcpListenerOptions PlainTcp { get; set; } = new();

    /// <summary>The HTTP API (health now; management in later issues). Env: PALISADE__LISTENERS__HTTP__*.</summary>
    public HttpListenerOptions Http { get; set; } = new();
}

/// <summary>What every listener has: whether it runs, and where.</summary>
internal abstract class ListenerEndpointOptions
{
    /// <summary>Whether the listener runs. Env: PALISADE__LISTENERS__&lt;NAME&gt;__ENABLED.</summary>
    public bool Enabled { get; set; }

    /// <summary>IP address to bind: an IPv4/IPv6 literal, <c>localhost</c>, or <c>*</c> for every interface.
    /// Default 127.0.0.1. Env: PALISADE__LISTENERS__&lt;NAME&gt;__ADDRESS.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>TCP port, 0..65535; 0 picks a free one (reported in the log and <c>ports.json</c>).
    /// Env: PALISADE__LISTENERS__&lt;NAME&gt;__PORT.</summary>
    public int Port { get; set; }
}

/// <summary>MQTT over TLS, <c>Palisade:Listeners:Tls</c>: on, port 8883.
/// Env: PALISADE__LISTENERS__TLS__ENABLED, __ADDRESS, __PORT, __CLIENTCERTIFICATEMODE.</summary>
internal sealed class TlsListenerOptions : ListenerEndpointOptions
{
    public TlsListenerOptions()
    {
        Enabled = true;
        Port = 8883;
    }

    /// <summary>Whether clients are asked for a certificate: <c>NoCertificate</c> (default), <c>AllowCertificate</c> or
    /// <c>RequireCertificate</c>. TLS checks only that the client holds the certificate's key; the certificate is handed
    /// to the broker's authenticator (ClientEndpoint.ClientCertificate), which decides whether it is trusted.
    /// Env: PALISADE__LISTENERS__TLS__CLIENTCERTIFICATEMODE.</summary>
    public ClientCertificateMode ClientCertificateMode { get; set; } = ClientCertificateMode.NoCertificate;
}

/// <summary>MQTT over WebSocket, <c>Palisade:Listeners:WebSocket</c>: on, TLS, port 8884, path <c>/mqtt</c>.
/// Env: PALISADE__LISTENERS__WEBSOCKET__ENABLED, __ADDRESS, __PORT, __PATH, __USETLS.</summary>
internal sealed class WebSocketListenerOptions : ListenerEndpointOptions
{
    public WebSocketListenerOptions()
    {
        Enabled = true;
        Port = 8884;
    }

    /// <summary>Request path of the WebSocket endpoint, default <c>/mqtt</c>. Env: PALISADE__LISTENERS__WEBSOCKET__PATH.</summary>
    public string Path { get; set; } = "/mqtt";

    /// <summary>TLS on the WebSocket listener (wss). Default true; false only for a TLS-terminating proxy in front,
    /// and logged as a warning. Env: PALISADE__LISTENERS__WEBSOCKET__USETLS.</summary>
    public bool UseTls { get; set; } = true;
}

/// <summary>MQTT over plain TCP, <c>Palisade:Listeners:PlainTcp</c>: OFF by default, port 1883 when enabled, logged
/// as a warning at start. Env: PALISADE__LISTENERS__PLAINTCP__ENABLED, __ADDRESS, __PORT.</summary>
internal sealed class PlainTcpListenerOptions : ListenerEndpointOptions
{
    public PlainTcpListenerOptions()
    {
        Enabled = false;
        Port = 1883;
    }
}

/// <summary>The HTTP API, <c>Palisade:Listeners:Http</c>: on, 127.0.0.1:8080, plain HTTP (loopback only by default).
/// Env: PALISADE__LISTENERS__HTTP__ENABLED, __ADDRESS, __PORT.</summary>
internal sealed class HttpListenerOptions : ListenerEndpointOptions
{
    public HttpListenerOptions()
    {
        Enabled = true;
        Port = 8080;
    }
}
