using Microsoft.Extensions.Logging;

namespace Palisade.Edge.Replay;

/// <summary>Anti-replay log events, ids 1600..1699 (next to the ranges in Palisade.Logging.LogEventIds).</summary>
internal static partial class ReplayLog
{
    public const int ReplayStateRestoredId = 1600;
    public const int ReplayUncleanStopId = 1601;
    public const int ReplayFlushFailedId = 1602;
    public const int ReplayShutdownFailedId = 1603;

    [LoggerMessage(ReplayStateRestoredId, LogLevel.Information, "Anti-replay: restored {Count} device windows (previous stop clean: {Clean})")]
    public static partial void ReplayStateRestored(this ILogger logger, int count, bool clean);

    [LoggerMessage(ReplayUncleanStopId, LogLevel.Warning,
        "Anti-replay: the previous run did not stop cleanly, so its last window updates may be lost; envelopes with timestamps up to {Floor:O} are refused as replay.stale")]
    public static partial void ReplayUncleanStop(this ILogger logger, DateTimeOffset floor);

    [LoggerMessage(ReplayFlushFailedId, LogLevel.Error, "Anti-replay: writing the device windows failed; retrying at the next interval")]
    public static partial void ReplayFlushFailed(this ILogger logger, Exception exception);

    [LoggerMessage(ReplayShutdownFailedId, LogLevel.Error, "Anti-replay: the final write of the device windows failed; the next start is treated as unclean")]
    public static partial void ReplayShutdownFailed(this ILogger logger, Exception exception);
}
