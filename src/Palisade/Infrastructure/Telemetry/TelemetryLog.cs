using Microsoft.Extensions.Logging;

namespace Palisade.Infrastructure.Telemetry;

/// <summary>Log events of the telemetry store (event ids 1700–1709; payloads and connection strings are never logged).</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(EventId = 1700, Level = LogLevel.Information, Message = "Telemetry store: {Kind} ({Where}), QoS 1/2 messages are acknowledged after commit")]
    public static partial void StoreOpened(ILogger logger, string kind, string where);

    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "Telemetry store disabled (Palisade:Telemetry:Store=none): QoS 1/2 messages are acknowledged without being stored")]
    public static partial void StoreDisabled(ILogger logger);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Error, Message = "Telemetry store: a batch of {Count} messages failed to commit; they are refused and will be resent by their publishers")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 1703, Level = LogLevel.Warning, Message = "Telemetry store queue is full: messages are refused (0x97) until it drains")]
    public static partial void QueueFull(ILogger logger);
}
