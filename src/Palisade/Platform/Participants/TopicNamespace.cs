namespace Palisade.Platform.Participants;

/// <summary>
/// The topic namespace: <c>p/{participant}/d/{device}/{class}/...</c> with class one of telemetry, events, state
/// (device to platform) or commands (platform to device). Ids cannot contain '/', '+', '#' or '$'
/// (<see cref="Edge.Identity.IdentifierRules"/>), so each id is exactly one level.
/// </summary>
internal static class TopicNamespace
{
    public const string Telemetry = "telemetry";
    public const string Events = "events";
    public const string State = "state";
    public const string Commands = "commands";

    public static readonly string[] Classes = [Telemetry, Events, State, Commands];

    /// <summary>The base topic of one device's class: p/P/d/D/class.</summary>
    public static string DeviceTopic(string participantId, string deviceId, string topicClass) =>
        $"p/{participantId}/d/{deviceId}/{topicClass}";

    /// <summary>The prefix every topic of a participant starts with: p/P/.</summary>
    public static string ParticipantPrefix(string participantId) => $"p/{participantId}/";

    public static bool IsClass(ReadOnlySpan<char> level) =>
        level.SequenceEqual(Telemetry) || level.SequenceEqual(Events) || level.SequenceEqual(State) || level.SequenceEqual(Commands);
}
