namespace Palisade.Admission.RateLimiting;

/// <summary>
/// A device's publish limits: messages per second and payload bytes per second, each a token bucket with its burst.
/// <see cref="double.PositiveInfinity"/> as a rate means that dimension is not limited.
/// </summary>
public readonly record struct RateLimits(double MessagesPerSecond, double MessageBurst, double BytesPerSecond, double ByteBurst)
{
    /// <summary>No limit at all (a policy returns it for devices it does not limit).</summary>
    public static RateLimits Unlimited { get; } = new(double.PositiveInfinity, double.MaxValue, double.PositiveInfinity, double.MaxValue);

    public bool LimitsMessages => !double.IsPositiveInfinity(MessagesPerSecond);
    public bool LimitsBytes => !double.IsPositiveInfinity(BytesPerSecond);
}

/// <summary>
/// The host's choice of limits for a device, from its participant and device class (never from what the device sends).
/// Called once when a device is first seen (and again after its state was evicted as idle).
/// </summary>
public delegate RateLimits RateLimitPolicy(string participantId, string? deviceClass);
