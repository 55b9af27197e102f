namespace Palisade.Edge.Transport;

/// <summary>The listener names carried in <see cref="Palisade.Broker.ClientEndpoint.ListenerName"/>, logs and <c>ports.json</c>.</summary>
internal static class ListenerNames
{
    public const string Tls = "tls";
    public const string WebSocket = "ws";
    public const string PlainTcp = "tcp";
    public const string Http = "http";

    /// <summary>Key under which each connection records its listener (in <c>ConnectionContext.Items</c>).</summary>
    public static readonly object ItemKey = new();
}
