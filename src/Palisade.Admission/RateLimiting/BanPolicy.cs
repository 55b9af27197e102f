namespace Palisade.Admission.RateLimiting;

/// <summary>
/// How long bans last: the first ban lasts <see cref="FirstBan"/>; each further ban within <see cref="RepeatWindow"/> of
/// the previous one doubles it, up to <see cref="MaximumBan"/>. A ban more than <see cref="RepeatWindow"/> after the last
/// one starts again at <see cref="FirstBan"/>. Defaults: 1 min, doubling within 24 h, capped at 1 h
/// (1, 2, 4, 8, 16, 32, 60, 60 ... minutes): long enough to make a flood pointless, short enough that a device fixed by
/// its operator is back within the hour without anyone touching the broker.
/// </summary>
public sealed record BanPolicy
{
    public TimeSpan FirstBan { get; init; } = TimeSpan.FromMinutes(1);
    public TimeSpan MaximumBan { get; init; } = TimeSpan.FromHours(1);
    public TimeSpan RepeatWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Duration of the <paramref name="strike"/>-th ban (1-based) within the repeat window.</summary>
    public TimeSpan DurationOf(int strike)
    {
        var doublings = Math.Clamp(strike - 1, 0, 30);
        var ticks = FirstBan.Ticks * Math.Pow(2, doublings);
        return ticks >= MaximumBan.Ticks ? MaximumBan : TimeSpan.FromTicks((long)ticks);
    }
}
