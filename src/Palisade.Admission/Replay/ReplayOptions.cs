namespace Palisade.Admission.Replay;

/// <summary>
/// Anti-replay settings, bound from <c>Palisade:Admission:Replay</c> (docs/admission.md, "Anti-replay"). A plain
/// settable record so the host's admission options can bind it as a nested section.
/// </summary>
public sealed record ReplayOptions
{
    /// <summary>Configuration section of these options in the host.</summary>
    public const string SectionName = "Palisade:Admission:Replay";

    /// <summary>Default window width in sequence numbers.</summary>
    public const int DefaultWindow = 1024;

    /// <summary>
    /// How many sequence numbers below a device's highest accepted one are still accepted once (out-of-order
    /// delivery, e.g. a reconnect that overlaps an old connection). A multiple of 64, 64..65536; default 1024.
    /// Costs Window/8 bytes per device in memory and in the registry.
    /// </summary>
    public int Window { get; set; } = DefaultWindow;

    /// <summary>
    /// How far a device's timestamp may lie behind the broker's clock, in seconds, 1..3600; default 30. Older
    /// messages are refused as <c>replay.stale</c>. Bounds how long a captured message stays replayable at all, and
    /// how long a device may buffer messages while disconnected.
    /// </summary>
    public int MaxPastSkewSeconds { get; set; } = 30;

    /// <summary>
    /// How far a device's timestamp may lie ahead of the broker's clock, in seconds, 0..300; default 5. Later
    /// messages are refused as <c>replay.future</c>. Kept small: it also decides how long after an unclean restart
    /// devices with a correct clock are refused (docs/admission.md, "Anti-replay state across restarts").
    /// </summary>
    public int MaxFutureSkewSeconds { get; set; } = 5;

    /// <summary>
    /// Host only: how often changed windows are written to the registry (write-behind), 100..10000 ms; default 1000.
    /// </summary>
    public int FlushIntervalMilliseconds { get; set; } = 1000;

    public TimeSpan MaxPastSkew => TimeSpan.FromSeconds(MaxPastSkewSeconds);

    public TimeSpan MaxFutureSkew => TimeSpan.FromSeconds(MaxFutureSkewSeconds);

    public TimeSpan FlushInterval => TimeSpan.FromMilliseconds(FlushIntervalMilliseconds);

    /// <summary>Every problem with these settings, keyed by their configuration names; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Window is < 64 or > 65536 || Window % 64 != 0)
        {
            errors.Add($"{SectionName}:Window must be a multiple of 64 in 64..65536 (is {Window})");
        }

        if (MaxPastSkewSeconds is < 1 or > 3600)
        {
            errors.Add($"{SectionName}:MaxPastSkewSeconds must be 1..3600 (is {MaxPastSkewSeconds})");
        }

        if (MaxFutureSkewSeconds is < 0 or > 300)
        {
            errors.Add($"{SectionName}:MaxFutureSkewSeconds must be 0..300 (is {MaxFutureSkewSeconds})");
        }

        if (FlushIntervalMilliseconds is < 100 or > 10000)
        {
            errors.Add($"{SectionName}:FlushIntervalMilliseconds must be 100..10000 (is {FlushIntervalMilliseconds})");
        }

        return errors;
    }
}
