namespace Palisade.Logging;

/// <summary>
/// Every event id the host logs, in one place so ids stay unique and operators can alert on them.
/// Ranges: 1000 host, 1100 data folder and keys, 1200 listeners and transports.
/// </summary>
internal static class LogEventIds
{
    public const int HostStarted = 1000;
    public const int HostStopping = 1001;
    public const int HostStopped = 1002;
    public const int ConfigurationInvalid = 1003;
    public const int StartFailed = 1004;
    public const int ConfigFileUsed = 1005;

    public const int DataDirectoryCreated = 1100;
    public const int DataDirectoryPermissive = 1101;
    public const int ServerCertificateCreated = 1102;
    public const int ServerCertificateLoaded = 1103;
    public const int ServerCertificateExpiring = 1104;
    public const int ServerCertificateMissingHostName = 1105;
    public const int PrivateKeyPermissive = 1106;
    public const int BoundPortsWritten = 1107;

    public const int ListenerBound = 1200;
    public const int PlainTcpEnabled = 1201;
    public const int PlainWebSocketEnabled = 1202;
    public const int ConnectionRefusedShuttingDown = 1203;
    public const int ConnectionFailed = 1204;
    public const int WebSocketRejected = 1205;
    public const int WebSocketTextFrame = 1206;
    public const int HttpApiNotLoopback = 1207;
    public const int MqttListenerNotLoopback = 1208;
    public const int ClientCertificatesNotVerified = 1209;

    public const int IdentityDisabled = 1300;
    public const int LiveSessionRevoked = 1301;
    public const int RevocationPollFailed = 1302;
}
