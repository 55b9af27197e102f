using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Palisade.Infrastructure;
using Palisade.Logging;

namespace Palisade.Edge.Transport;

/// <summary>
/// Once Kestrel has bound, logs each listener's real endpoint (port 0 resolved) and writes them to
/// <c>ports.json</c> in the data folder, e.g. <c>{"tls":{"address":"127.0.0.1","port":8883},...}</c>, so scripts and
/// tests find the ports (<c>jq .tls.port data/ports.json</c>). The file is removed at shutdown.
/// </summary>
internal sealed class BoundPortsReporter(
    ListenerRegistry registry,
    DataDirectory dataDirectory,
    IOptions<ListenersOptions> listenersOptions,
    IOptions<Palisade.Edge.Identity.IdentityOptions> identityOptions,
    ILogger<BoundPortsReporter> logger)
{
    public const string FileName = "ports.json";

    public void ReportStarted()
    {
        var bound = registry.GetBound();
        foreach (var listener in bound)
        {
            var endPoint = listener.EndPoint?.ToString() ?? "?";
            logger.ListenerBound(listener.Name, listener.Description, endPoint);
            if (listener.Name == ListenerNames.Tls && !identityOptions.Value.Enabled && listenersOptions.Value.Tls.ClientCertificateMode != Microsoft.AspNetCore.Server.Kestrel.Https.ClientCertificateMode.NoCertificate)
            {
                // Until device identity lands (mutual TLS issue), a requested certificate must not look like authentication.
                logger.ClientCertificatesNotVerified(listener.Name, listenersOptions.Value.Tls.ClientCertificateMode.ToString());
            }
            switch (listener.Name)
            {
                case ListenerNames.PlainTcp:
                    logger.PlainTcpEnabled(endPoint);
                    break;
                case ListenerNames.WebSocket when !listenersOptions.Value.WebSocket.UseTls:
                    logger.PlainWebSocketEnabled(endPoint);
                    break;
                case ListenerNames.Http when !ListenerAddress.IsLoopback(listenersOptions.Value.Http.Address):
                    logger.HttpApiNotLoopback(endPoint);
                    break;
                case ListenerNames.Tls when !identityOptions.Value.Enabled && !ListenerAddress.IsLoopback(listenersOptions.Value.Tls.Address):
                case ListenerNames.WebSocket when !identityOptions.Value.Enabled && !ListenerAddress.IsLoopback(listenersOptions.Value.WebSocket.Address):
                    logger.MqttListenerNotLoopback(listener.Name, endPoint);
                    break;
            }
        }

        var path = dataDirectory.WritePublicFile(FileName, ToJson(bound));
        logger.BoundPortsWritten(path);
    }

    public void ReportStopped()
    {
        try
        {
            File.Delete(dataDirectory.PathOf(FileName));
        }
        catch (IOException)
        {
            // A stale file is harmless: it is rewritten at the next start.
        }
    }

    internal static string ToJson(IEnumerable<BoundListener> listeners)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            foreach (var listener in listeners.Where(l => l.EndPoint is not null))
            {
                writer.WriteStartObject(listener.Name);
                writer.WriteString("address", listener.EndPoint!.Address.ToString());
                writer.WriteNumber("port", listener.EndPoint.Port);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
