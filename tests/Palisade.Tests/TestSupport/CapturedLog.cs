using Microsoft.Extensions.Logging;

namespace Palisade.Tests.TestSupport;

/// <summary>One log entry the server wrote during a test.</summary>
public sealed record CapturedLog(DateTimeOffset Timestamp, string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception)
{
    public override string ToString() =>
        $"{Level} {Category}[{EventId.Id}] {Message}{(Exception is null ? "" : " | " + Exception.GetType().Name + ": " + Exception.Message)}";
}
