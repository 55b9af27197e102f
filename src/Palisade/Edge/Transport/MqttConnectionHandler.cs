using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Palisade.Broker;
using Palisade.Logging;
using Palisade.Messaging;

namespace Palisade.Edge.Transport;

/// <summary>
/// Runs MQTT on a raw Kestrel connection (TLS or plain TCP): hands the transport to the broker with what the
/// listener knows about the peer. Kestrel already did TLS, so the broker sees decrypted bytes.
/// </summary>
internal sealed class MqttConnectionHandler(
    string listenerName,
    IMqttServer server,
    IHostApplicationLifetime lifetime,
    ILogger<MqttConnectionHandler> logger) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Shutting down: the broker no longer takes connections; closing at once is the "stop accepting" step.
            logger.ConnectionRefusedShuttingDown(connection.ConnectionId, listenerName);
            connection.Abort();
            return;
        }

        var tls = connection.Features.Get<ITlsConnectionFeature>();
        var endpoint = new ClientEndpoint(
            connection.ConnectionId,
            listenerName,
            connection.RemoteEndPoint,
            IsTls: tls is not null,
            ClientCertificate: tls?.ClientCertificate);
        try
        {
            await server.HandleConnectionAsync(connection.Transport, endpoint, connection.ConnectionClosed).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (connection.ConnectionClosed.IsCancellationRequested)
        {
            // The peer went away or Kestrel aborted the connection at shutdown: nothing to report.
        }
        catch (Exception ex)
        {
            // The broker promises not to throw for client errors; if it does, keep the listener alive and say so.
            logger.ConnectionFailed(connection.ConnectionId, listenerName, ex);
        }
    }
}
