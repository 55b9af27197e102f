using Microsoft.Extensions.Logging;

namespace Palisade.Logging;

/// <summary>Source-generated log messages of the host. Never a secret, key material or payload.</summary>
internal static partial class HostLog
{
    [LoggerMessage(LogEventIds.HostStarted, LogLevel.Information, "Palisade started; data folder {DataDirectory}")]
    public static partial void HostStarted(this ILogger logger, string dataDirectory);

    [LoggerMessage(LogEventIds.HostStopping, LogLevel.Information, "Palisade stopping: no new connections, disconnecting clients (server shutting down)")]
    public static partial void HostStopping(this ILogger logger);

    [LoggerMessage(LogEventIds.HostStopped, LogLevel.Information, "Palisade stopped")]
    public static partial void HostStopped(this ILogger logger);

    [LoggerMessage(LogEventIds.ConfigurationInvalid, LogLevel.Critical, "Configuration is invalid: {Problems}")]
    public static partial void ConfigurationInvalid(this ILogger logger, string problems);

    [LoggerMessage(LogEventIds.StartFailed, LogLevel.Critical, "Palisade failed to start")]
    public static partial void StartFailed(this ILogger logger, Exception exception);

    [LoggerMessage(LogEventIds.ConfigFileUsed, LogLevel.Information, "Configuration file {ConfigFile}")]
    public static partial void ConfigFileUsed(this ILogger logger, string configFile);

    [LoggerMessage(LogEventIds.DataDirectoryCreated, LogLevel.Information, "Created data folder {DataDirectory} (owner-only access)")]
    public static partial void DataDirectoryCreated(this ILogger logger, string dataDirectory);

    [LoggerMessage(LogEventIds.DataDirectoryPermissive, LogLevel.Warning,
        "Data folder {DataDirectory} is accessible to other users (mode {Mode}); restrict it with: chmod 700 {DataDirectory}")]
    public static partial void DataDirectoryPermissive(this ILogger logger, string dataDirectory, string mode);

    [LoggerMessage(LogEventIds.ServerCertificateCreated, LogLevel.Information,
        "Generated server key and self-signed certificate {CertificateFile} (ECDSA P-256, thumbprint {Thumbprint}, valid until {NotAfter:u}) for {HostNames}; clients trust it as their CA file")]
    public static partial void ServerCertificateCreated(this ILogger logger, string certificateFile, string thumbprint, DateTime notAfter, string hostNames);

    [LoggerMessage(LogEventIds.ServerCertificateLoaded, LogLevel.Information,
        "Using server certificate {CertificateFile} (thumbprint {Thumbprint}, valid until {NotAfter:u})")]
    public static partial void ServerCertificateLoaded(this ILogger logger, string certificateFile, string thumbprint, DateTime notAfter);

    [LoggerMessage(LogEventIds.ServerCertificateExpiring, LogLevel.Warning,
        "Server certificate {CertificateFile} expires {NotAfter:u}; delete server.crt (the key is kept) to issue a new one, then give clients the new file")]
    public static partial void ServerCertificateExpiring(this ILogger logger, string certificateFile, DateTime notAfter);

    [LoggerMessage(LogEventIds.ServerCertificateMissingHostName, LogLevel.Warning,
        "Server certificate {CertificateFile} does not name configured host {HostName}; clients connecting by that name will fail verification. Delete server.crt to issue one that does")]
    public static partial void ServerCertificateMissingHostName(this ILogger logger, string certificateFile, string hostName);

    [LoggerMessage(LogEventIds.PrivateKeyPermissive, LogLevel.Warning,
        "Private key {KeyFile} is readable by other users (mode {Mode}); restrict it with: chmod 600 {KeyFile}")]
    public static partial void PrivateKeyPermissive(this ILogger logger, string keyFile, string mode);

    [LoggerMessage(LogEventIds.BoundPortsWritten, LogLevel.Debug, "Bound ports written to {PortsFile}")]
    public static partial void BoundPortsWritten(this ILogger logger, string portsFile);

    [LoggerMessage(LogEventIds.ListenerBound, LogLevel.Information, "Listening: {Listener} ({Description}) on {EndPoint}")]
    public static partial void ListenerBound(this ILogger logger, string listener, string description, string endPoint);

    [LoggerMessage(LogEventIds.PlainTcpEnabled, LogLevel.Warning,
        "Plain TCP MQTT listener is ENABLED on {EndPoint}: traffic and credentials travel unencrypted and unauthenticated. Use it only for local experiments")]
    public static partial void PlainTcpEnabled(this ILogger logger, string endPoint);

    [LoggerMessage(LogEventIds.PlainWebSocketEnabled, LogLevel.Warning,
        "MQTT over WebSocket WITHOUT TLS is enabled on {EndPoint}: traffic travels unencrypted. Use it only behind a TLS-terminating proxy or for local experiments")]
    public static partial void PlainWebSocketEnabled(this ILogger logger, string endPoint);

    [LoggerMessage(LogEventIds.ConnectionRefusedShuttingDown, LogLevel.Debug, "Connection {ConnectionId} on {Listener} closed at once: server is shutting down")]
    public static partial void ConnectionRefusedShuttingDown(this ILogger logger, string connectionId, string listener);

    [LoggerMessage(LogEventIds.ConnectionFailed, LogLevel.Warning, "Connection {ConnectionId} on {Listener} ended with an error")]
    public static partial void ConnectionFailed(this ILogger logger, string connectionId, string listener, Exception exception);

    [LoggerMessage(LogEventIds.WebSocketRejected, LogLevel.Debug, "WebSocket request from {RemoteAddress} rejected: {Reason}")]
    public static partial void WebSocketRejected(this ILogger logger, string? remoteAddress, string reason);

    [LoggerMessage(LogEventIds.WebSocketTextFrame, LogLevel.Debug, "WebSocket connection {ConnectionId} sent a text frame; closed (MQTT requires binary frames)")]
    public static partial void WebSocketTextFrame(this ILogger logger, string connectionId);

    [LoggerMessage(LogEventIds.HttpApiNotLoopback, LogLevel.Warning,
        "HTTP API listens on non-loopback address {EndPoint} without TLS")]
    public static partial void HttpApiNotLoopback(this ILogger logger, string endPoint);

    [LoggerMessage(LogEventIds.MqttListenerNotLoopback, LogLevel.Warning,
        "MQTT listener {Listener} is reachable from the network on {EndPoint} while clients are still anonymous (device authentication arrives with mutual TLS)")]
    public static partial void MqttListenerNotLoopback(this ILogger logger, string listener, string endPoint);

    [LoggerMessage(LogEventIds.ClientCertificatesNotVerified, LogLevel.Warning,
        "Listener {Listener} asks clients for certificates ({Mode}), but nothing verifies them yet: TLS only proves possession of the key and the broker's authenticator in this release accepts every client")]
    public static partial void ClientCertificatesNotVerified(this ILogger logger, string listener, string mode);

    [LoggerMessage(LogEventIds.IdentityDisabled, LogLevel.Warning,
        "Device identity is DISABLED (Palisade:Identity:Enabled=false): every MQTT client is anonymous and may use every topic; for benchmarks and tests only")]
    public static partial void IdentityDisabled(this ILogger logger);

    [LoggerMessage(LogEventIds.LiveSessionRevoked, LogLevel.Information, "{Kind} {Id} is {State}: disconnected client {ClientId}")]
    public static partial void LiveSessionRevoked(this ILogger logger, string kind, string id, string state, string clientId);

    [LoggerMessage(LogEventIds.RevocationPollFailed, LogLevel.Error, "Polling the registry for revocations failed; retrying")]
    public static partial void RevocationPollFailed(this ILogger logger, Exception exception);
}
