using System.Collections.Frozen;

namespace Palisade.Admission.Validity;

/// <summary>
/// Maximum application payload per topic class (8.2.7 a): the size a device may send under, e.g., "telemetry",
/// "events", "state" or "sparkplug", with a default for classes not listed. Immutable once built; shared by all
/// connections.
/// </summary>
public sealed class PayloadSizeLimits
{
    /// <summary>Default for a topic class without its own limit: 64 KiB, far above factory telemetry, far below MQTT's 256 MB.</summary>
    public const int DefaultMaxBytes = 64 * 1024;

    private readonly FrozenDictionary<string, int> _perClass;

    /// <param name="defaultMaxBytes">Limit for topic classes not in <paramref name="perTopicClass"/>.</param>
    /// <param name="perTopicClass">Topic class → maximum payload bytes (each ≥ 0).</param>
    public PayloadSizeLimits(int defaultMaxBytes = DefaultMaxBytes, IReadOnlyDictionary<string, int>? perTopicClass = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(defaultMaxBytes);
        if (perTopicClass is not null)
        {
            foreach (var (topicClass, max) in perTopicClass)
            {
                ArgumentException.ThrowIfNullOrEmpty(topicClass, nameof(perTopicClass));
                ArgumentOutOfRangeException.ThrowIfNegative(max, nameof(perTopicClass));
            }
        }

        DefaultMax = defaultMaxBytes;
        _perClass = (perTopicClass ?? new Dictionary<string, int>()).ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The limit for topic classes without their own.</summary>
    public int DefaultMax { get; }

    /// <summary>The limit that applies to <paramref name="topicClass"/>.</summary>
    public int MaxFor(string topicClass) =>
        _perClass.TryGetValue(topicClass ?? "", out var max) ? max : DefaultMax;
}
