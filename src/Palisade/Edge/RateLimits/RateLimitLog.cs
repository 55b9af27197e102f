using Microsoft.Extensions.Logging;

namespace Palisade.Edge.RateLimits;

/// <summary>Rate limit and ban log events, ids 1800..1809 (next to the ranges in Palisade.Logging.LogEventIds).</summary>
internal static partial class RateLimitLog
{
    public const int DeviceBansRestoredId = 1800;
    public const int DeviceBansWriteFailedId = 1801;

    [LoggerMessage(DeviceBansRestoredId, LogLevel.Information, "Rate limits: restored {Count} active device bans from the registry")]
    public static partial void DeviceBansRestored(this ILogger logger, int count);

    [LoggerMessage(DeviceBansWriteFailedId, LogLevel.Error, "Rate limits: writing the device bans failed; retrying at the next interval (the bans hold in memory)")]
    public static partial void DeviceBansWriteFailed(this ILogger logger, Exception exception);
}
