using Palisade.Admission.RateLimiting;
using Limits = Palisade.Admission.RateLimiting.RateLimits;

namespace Palisade.Edge.RateLimits;

/// <summary>
/// Rate limits and bans, section <c>Palisade:Admission:RateLimits</c> (env <c>PALISADE__ADMISSION__RATELIMITS__*</c>);
/// docs/admission.md lists every key. A small record so the admission pipeline's options class can include it as its
/// <c>RateLimits</c> property.
/// </summary>
internal sealed record RateLimitOptions
{
    public const string SectionName = "Palisade:Admission:RateLimits";

    /// <summary>Off: no per-device publish limits, no CONNECT gate (bans and source-address limits). Default on.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Per-device publish limits for every device unless overridden.</summary>
    public RateLimitValues Default { get; set; } = new()
    {
        MessagesPerSecond = 1000,
        MessageBurst = 5000,
        BytesPerSecond = 8 * 1024 * 1024,
        ByteBurst = 16 * 1024 * 1024,
    };

    /// <summary>Overrides by participant id (field by field over <see cref="Default"/>).</summary>
    public Dictionary<string, RateLimitValues> Participants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Overrides by device class (field by field over the participant's limits: the most specific wins).</summary>
    public Dictionary<string, RateLimitValues> DeviceClasses { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A device refused more than this many times within <see cref="FlappingWindowSeconds"/> is disconnected (0x96) and banned.</summary>
    public int FlappingRefusals { get; set; } = 50;

    public int FlappingWindowSeconds { get; set; } = 10;

    /// <summary>First ban, doubled on each repeat within <see cref="BanRepeatWindowHours"/>, capped at <see cref="MaximumBanSeconds"/>.</summary>
    public int FirstBanSeconds { get; set; } = 60;

    public int MaximumBanSeconds { get; set; } = 3600;

    public int BanRepeatWindowHours { get; set; } = 24;

    /// <summary>CONNECT attempts per second per source address (IPv4, or IPv6 /64), and the burst.</summary>
    public double ConnectionAttemptsPerSecond { get; set; } = 10;

    public double ConnectionAttemptBurst { get; set; } = 100;

    /// <summary>A source address refused more than this many times within <see cref="ConnectionAbuseWindowSeconds"/> is banned.</summary>
    public int ConnectionAbuseRefusals { get; set; } = 50;

    public int ConnectionAbuseWindowSeconds { get; set; } = 60;

    /// <summary>Bound of the per-address table (and of the address ban table).</summary>
    public int MaximumTrackedAddresses { get; set; } = 100_000;

    public BanPolicy BanPolicy() => new()
    {
        FirstBan = TimeSpan.FromSeconds(FirstBanSeconds),
        MaximumBan = TimeSpan.FromSeconds(MaximumBanSeconds),
        RepeatWindow = TimeSpan.FromHours(BanRepeatWindowHours),
    };

    public FlappingOptions Flapping() => new() { Refusals = FlappingRefusals, Window = TimeSpan.FromSeconds(FlappingWindowSeconds) };

    public ConnectionAttemptOptions ConnectionAttempts() => new()
    {
        AttemptsPerSecond = ConnectionAttemptsPerSecond,
        Burst = ConnectionAttemptBurst,
        Flapping = new FlappingOptions { Refusals = ConnectionAbuseRefusals, Window = TimeSpan.FromSeconds(ConnectionAbuseWindowSeconds) },
        Bans = BanPolicy(),
        MaximumTrackedAddresses = MaximumTrackedAddresses,
    };

    /// <summary>The policy the <see cref="RateLimitStage"/> asks for each newly seen device: Default, then the participant's
    /// override, then the device class's, field by field. A rate of 0 means "not limited" for that dimension.</summary>
    public RateLimitPolicy Policy()
    {
        var defaults = Default;
        var participants = new Dictionary<string, RateLimitValues>(Participants, StringComparer.Ordinal);
        var classes = new Dictionary<string, RateLimitValues>(DeviceClasses, StringComparer.Ordinal);
        return (participant, deviceClass) =>
        {
            var values = defaults;
            if (participants.TryGetValue(participant, out var p))
            {
                values = values.Over(p);
            }

            if (deviceClass is not null && classes.TryGetValue(deviceClass, out var c))
            {
                values = values.Over(c);
            }

            return values.ToLimits();
        };
    }
}

/// <summary>One set of per-device limits; null fields inherit (see <see cref="RateLimitOptions.Policy"/>).</summary>
internal sealed record RateLimitValues
{
    public double? MessagesPerSecond { get; set; }
    public double? MessageBurst { get; set; }
    public double? BytesPerSecond { get; set; }
    public double? ByteBurst { get; set; }

    public RateLimitValues Over(RateLimitValues overrides) => new()
    {
        MessagesPerSecond = overrides.MessagesPerSecond ?? MessagesPerSecond,
        MessageBurst = overrides.MessageBurst ?? MessageBurst,
        BytesPerSecond = overrides.BytesPerSecond ?? BytesPerSecond,
        ByteBurst = overrides.ByteBurst ?? ByteBurst,
    };

    public Limits ToLimits()
    {
        var messages = MessagesPerSecond is > 0 ? MessagesPerSecond.Value : double.PositiveInfinity;
        var bytes = BytesPerSecond is > 0 ? BytesPerSecond.Value : double.PositiveInfinity;
        // Without a burst, one second's worth (at least one message, and one maximum packet of bytes).
        return new Limits(messages, MessageBurst ?? Math.Max(1, messages), bytes, ByteBurst ?? Math.Max(1024 * 1024, bytes));
    }
}
