using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Palisade.Broker;
using Palisade.Logging;
using Palisade.Messaging;

namespace Palisade.Edge.Transport;

/// <summary>
/// One HTTP pipeline serves two listeners; this keeps them apart. On the WebSocket listener only the MQTT endpoint
/// exists (so the HTTP API is never reachable from where devices connect); on the HTTP API listener the API
/// endpoints run. Anything else is 404.
/// </summary>
internal sealed class ListenerGateMiddleware(
    RequestDelegate next,
    IOptions<ListenersOptions> listenersOptions,
    IOptions<Palisade.Broker.BrokerOptions> brokerOptions,
    IMqttServer server,
    IHostApplicationLifetime lifetime,
    ILogger<ListenerGateMiddleware> logger)
{
    /// <summary>The WebSocket subprotocol MQTT requires (MQTT 5.0 section 6.0, 3.1.1 section 6).</summary>
    public const string MqttSubProtocol = "mqtt";

    public Task InvokeAsync(HttpContext context)
    {
        var listener = context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(ListenerNames.ItemKey, out var name) == true
            ? name as string
            : null;

        switch (listener)
        {
            case ListenerNames.Http:
                return next(context);
            case ListenerNames.WebSocket when context.Request.Path.Equals(listenersOptions.Value.WebSocket.Path, StringComparison.Ordinal):
                return AcceptMqttAsync(context);
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
        }
    }

    private async Task AcceptMqttAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, "not a WebSocket upgrade request").ConfigureAwait(false);
            return;
        }
        if (!context.WebSockets.WebSocketRequestedProtocols.Contains(MqttSubProtocol, StringComparer.OrdinalIgnoreCase))
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, "the WebSocket subprotocol 'mqtt' is required").ConfigureAwait(false);
            return;
        }
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            await RejectAsync(context, StatusCodes.Status503ServiceUnavailable, "server is shutting down").ConfigureAwait(false);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = MqttSubProtocol })
            .ConfigureAwait(false);
        var connection = context.Connection;
        var endpoint = new ClientEndpoint(
            connection.Id,
            ListenerNames.WebSocket,
            connection.RemoteIpAddress is null ? null : new IPEndPoint(connection.RemoteIpAddress, connection.RemotePort),
            context.Request.IsHttps,
            connection.ClientCertificate);

        // Buffer at most two maximum-size packets each way before back-pressure reaches the socket.
        var pipe = new WebSocketDuplexPipe(socket, Math.Max(64 * 1024, 2L * brokerOptions.Value.MaximumPacketSize));
        pipe.Start(context.RequestAborted);
        try
        {
            await server.HandleConnectionAsync(pipe, endpoint, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // Peer gone or server aborting at shutdown.
        }
        catch (Exception ex)
        {
            logger.ConnectionFailed(connection.Id, ListenerNames.WebSocket, ex);
        }
        finally
        {
            await pipe.CompleteAsync().ConfigureAwait(false);
            if (pipe.ReceivedTextFrame)
            {
                logger.WebSocketTextFrame(connection.Id);
            }
        }
    }

    private Task RejectAsync(HttpContext context, int status, string reason)
    {
        logger.WebSocketRejected(context.Connection.RemoteIpAddress?.ToString(), reason);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(reason + "\n", context.RequestAborted);
    }
}
