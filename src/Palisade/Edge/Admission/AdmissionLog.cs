using Microsoft.Extensions.Logging;

namespace Palisade.Edge.Admission;

/// <summary>Log messages of admission (event ids 1500..1599, kept here so stage branches never collide in LogEventIds).
/// Never a payload, a key or a tag.</summary>
internal static partial class AdmissionLog
{
    [LoggerMessage(1500, LogLevel.Information,
        "Admission on: {Profiles} profile(s); integrity required for classes [{Classes}] and participants [{Participants}]; stages {Stages}")]
    public static partial void AdmissionStarted(this ILogger logger, int profiles, string classes, string participants, string stages);

    [LoggerMessage(1501, LogLevel.Warning, "Admission is off (Palisade:Admission:Enabled=false): device publishes are checked for topic authorisation only")]
    public static partial void AdmissionDisabled(this ILogger logger);

    [LoggerMessage(1502, LogLevel.Error, "Admission stage {Stage} failed on a publish of {Actor} to {Topic}; the publish is refused")]
    public static partial void StageFailed(this ILogger logger, Exception exception, string stage, string actor, string topic);
}
