using Microsoft.Extensions.Logging;
using Palisade.Mqtt;

namespace Palisade.Broker.Diagnostics;

/// <summary>
/// Every log event of the broker core, with its id, in one place (category <c>Palisade.Broker</c>).
/// Client ids and reason codes are logged; payloads, passwords and topic contents of messages never are.
/// </summary>
internal static partial class BrokerLog
{
    public const string Category = "Palisade.Broker";

    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "Connection {ConnectionId} opened on listener {Listener}")]
    public static partial void ConnectionOpened(ILogger logger, string connectionId, string listener);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Client {ClientId} connected on {ConnectionId} (MQTT {Version}, clean start {CleanStart}, session present {SessionPresent})")]
    public static partial void ClientConnected(ILogger logger, string clientId, string connectionId, MqttProtocolVersion version, bool cleanStart, bool sessionPresent);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Connection {ConnectionId} refused at CONNECT: {Reason}")]
    public static partial void ConnectRefused(ILogger logger, string connectionId, ReasonCode reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Client {ClientId} disconnected from {ConnectionId} ({Cause})")]
    public static partial void ClientDisconnected(ILogger logger, string clientId, string connectionId, string cause);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Protocol violation on {ConnectionId}: {Reason} ({Detail})")]
    public static partial void ProtocolViolation(ILogger logger, string connectionId, ReasonCode reason, string detail);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "Connection {ConnectionId} closed: no CONNECT within the connect timeout")]
    public static partial void ConnectTimeout(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug, Message = "Client {ClientId} on {ConnectionId} exceeded its keep alive")]
    public static partial void KeepAliveTimeout(ILogger logger, string clientId, string connectionId);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Session {ClientId} taken over by connection {ConnectionId}")]
    public static partial void SessionTakenOver(ILogger logger, string clientId, string connectionId);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Debug, Message = "Session {ClientId} expired")]
    public static partial void SessionExpired(ILogger logger, string clientId);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Debug, Message = "Will of {ClientId} published")]
    public static partial void WillPublished(ILogger logger, string clientId);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Error, Message = "Connection {ConnectionId} failed")]
    public static partial void ConnectionFailed(ILogger logger, Exception exception, string connectionId);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Error, Message = "Policy hook {Hook} failed on {ConnectionId}; treated as a refusal")]
    public static partial void HookFailed(ILogger logger, Exception exception, string hook, string connectionId);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Debug, Message = "Client {ClientId} disconnected by the server: {Reason}")]
    public static partial void ServerDisconnect(ILogger logger, string clientId, ReasonCode reason);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Information, Message = "Broker shutting down; closing {Count} connections")]
    public static partial void ShuttingDown(ILogger logger, int count);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Warning, Message = "Retained message store is full ({Maximum}); retained message not stored")]
    public static partial void RetainedStoreFull(ILogger logger, int maximum);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Debug, Message = "Connection {ConnectionId} transport ended: {Detail}")]
    public static partial void TransportError(ILogger logger, string connectionId, string detail);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Warning, Message = "Keep-alive sweep failed")]
    public static partial void SweepFailed(ILogger logger, Exception exception);
}
