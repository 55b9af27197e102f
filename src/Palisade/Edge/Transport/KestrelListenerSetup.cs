using System.Net;
using System.Security.Authentication;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Palisade.Infrastructure;
using Palisade.Messaging;

namespace Palisade.Edge.Transport;

/// <summary>
/// Puts the configured listeners on Kestrel: MQTT over TLS and plain TCP as raw connections handed to the broker,
/// the WebSocket and HTTP API listeners as HTTP (routed by <see cref="ListenerGateMiddleware"/>).
/// Runs when Kestrel's options are first needed, i.e. when the server is created at start.
/// </summary>
internal sealed class KestrelListenerSetup(
    IOptions<ListenersOptions> listenersOptions,
    IOptions<Palisade.Edge.Identity.IdentityOptions> identityOptions,
    IServiceProvider services,
    ListenerRegistry registry) : IConfigureOptions<KestrelServerOptions>
{
    /// <summary>TLS 1.2 and 1.3 only: older versions have known weaknesses and every current MQTT client has 1.2.</summary>
    private const SslProtocols AllowedTlsVersions = SslProtocols.Tls12 | SslProtocols.Tls13;

    public void Configure(KestrelServerOptions kestrel)
    {
        var listeners = listenersOptions.Value;
        kestrel.AddServerHeader = false;

        if (listeners.Tls.Enabled)
        {
            Listen(kestrel, ListenerNames.Tls, "MQTT over TLS", listeners.Tls, options =>
            {
                // No HTTP on this port, so no ALPN offer of h2/http1.1 to MQTT clients.
                options.Protocols = HttpProtocols.None;
                // With device identity on, clients are always asked for a certificate (devices use one, secret-based
                // clients send none); NoCertificate would make mutual TLS impossible, so it is raised to Allow.
                var mode = identityOptions.Value.Enabled && listeners.Tls.ClientCertificateMode == ClientCertificateMode.NoCertificate
                    ? ClientCertificateMode.AllowCertificate
                    : listeners.Tls.ClientCertificateMode;
                options.UseHttps(HttpsOptions(mode));
                options.Use(_ => CreateMqttHandler(ListenerNames.Tls).OnConnectedAsync);
            });
        }

        if (listeners.PlainTcp.Enabled)
        {
            Listen(kestrel, ListenerNames.PlainTcp, "MQTT over plain TCP, unencrypted", listeners.PlainTcp, options =>
            {
                options.Protocols = HttpProtocols.None;
                options.Use(_ => CreateMqttHandler(ListenerNames.PlainTcp).OnConnectedAsync);
            });
        }

        if (listeners.WebSocket.Enabled)
        {
            var description = listeners.WebSocket.UseTls
                ? $"MQTT over WebSocket with TLS, path {listeners.WebSocket.Path}"
                : $"MQTT over WebSocket WITHOUT TLS, path {listeners.WebSocket.Path}";
            Listen(kestrel, ListenerNames.WebSocket, description, listeners.WebSocket, options =>
            {
                options.Protocols = HttpProtocols.Http1;
                TagListener(options, ListenerNames.WebSocket);
                if (listeners.WebSocket.UseTls)
                {
                    options.UseHttps(HttpsOptions(ClientCertificateMode.NoCertificate));
                }
            });
        }

        if (listeners.Http.Enabled)
        {
            Listen(kestrel, ListenerNames.Http, "HTTP API", listeners.Http, options =>
            {
                // Plain HTTP (loopback by default): HTTP/2 would need TLS for negotiation, so HTTP/1.1 only.
                options.Protocols = HttpProtocols.Http1;
                TagListener(options, ListenerNames.Http);
            });
        }
    }

    private void Listen(KestrelServerOptions kestrel, string name, string description, ListenerEndpointOptions endpoint, Action<ListenOptions> configure)
    {
        if (!ListenerAddress.TryParse(endpoint.Address, out var address, out var any, out var localhost))
        {
            // Unreachable after validation; kept so a bypassed validator cannot bind somewhere unintended.
            throw new InvalidOperationException($"Listener {name} has an invalid address.");
        }
        Action<ListenOptions> register = options =>
        {
            configure(options);
            registry.Add(name, description, options);
        };
        if (any)
        {
            kestrel.ListenAnyIP(endpoint.Port, register);
        }
        else
        {
            // "localhost" binds IPv4 loopback only, so that port 0 works (Kestrel cannot pick one port for two addresses).
            kestrel.Listen(new IPEndPoint(localhost ? IPAddress.Loopback : address!, endpoint.Port), register);
        }
    }

    private HttpsConnectionAdapterOptions HttpsOptions(ClientCertificateMode clientCertificateMode)
    {
        var certificate = services.GetRequiredService<ServerCertificate>();
        return new HttpsConnectionAdapterOptions
        {
            ServerCertificate = certificate.Certificate,
            SslProtocols = AllowedTlsVersions,
            ClientCertificateMode = clientCertificateMode,
            CheckCertificateRevocation = false,
            HandshakeTimeout = TimeSpan.FromSeconds(10),
            // TLS proves the client holds the key of the certificate it presents; whether that certificate is
            // trusted (which CA, which device, revoked or not) is the broker authenticator's decision, made on
            // ClientEndpoint.ClientCertificate with the platform's own device registry rather than the OS store.
            ClientCertificateValidation = clientCertificateMode == ClientCertificateMode.NoCertificate ? null : (_, _, _) => true,
        };
    }

    private MqttConnectionHandler CreateMqttHandler(string listenerName) =>
        new(listenerName,
            services.GetRequiredService<IMqttServer>(),
            services.GetRequiredService<IHostApplicationLifetime>(),
            services.GetRequiredService<ILogger<MqttConnectionHandler>>());

    private static void TagListener(ListenOptions options, string name) =>
        options.Use(next => connection =>
        {
            connection.Items[ListenerNames.ItemKey] = name;
            return next(connection);
        });
}
