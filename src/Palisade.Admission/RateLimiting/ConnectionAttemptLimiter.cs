using System.Collections.Concurrent;
using System.Net;

namespace Palisade.Admission.RateLimiting;

/// <summary>What the limiter decided for one connection attempt.</summary>
public enum ConnectionAttemptVerdict
{
    /// <summary>Within the address's rate.</summary>
    Allowed,
    /// <summary>Over the address's rate (CONNACK 0x9F).</summary>
    RateExceeded,
    /// <summary>Over the rate, and this refusal made the address abusive: it is banned from now (CONNACK 0x9F).</summary>
    BannedNow,
    /// <summary>The address is serving a ban (CONNACK 0x9F).</summary>
    Banned,
}

/// <summary>Limits of connection attempts per source address (see <see cref="ConnectionAttemptLimiter"/>).</summary>
public sealed record ConnectionAttemptOptions
{
    /// <summary>Sustained attempts per second per address (or IPv6 /64).</summary>
    public double AttemptsPerSecond { get; init; } = 10;

    /// <summary>Attempts an address may make at once (a gateway reconnecting its devices after an outage).</summary>
    public double Burst { get; init; } = 100;

    /// <summary>Refusals within <see cref="Flapping"/>'s window after which the address is banned.</summary>
    public FlappingOptions Flapping { get; init; } = new() { Refusals = 50, Window = TimeSpan.FromSeconds(60) };

    public BanPolicy Bans { get; init; } = new();

    /// <summary>Addresses tracked at most (each about 250 bytes with its dictionary node); beyond it idle entries, then the least recently seen, are evicted.</summary>
    public int MaximumTrackedAddresses { get; init; } = 100_000;
}

/// <summary>
/// Connection attempts per source address (IPv4, or IPv6 /64; IPv4-mapped IPv6 normalised — <see cref="AddressKey"/>):
/// a token bucket each. An address refused more than the flapping threshold within its window is banned for a growing
/// period (<see cref="BanPolicy"/>), and every attempt during the ban is refused without touching its bucket.
/// <para>Memory is bounded: at most <see cref="ConnectionAttemptOptions.MaximumTrackedAddresses"/> entries. When the
/// table is full, entries whose bucket has refilled (idle) and that have no recent refusal are evicted; if that frees
/// too little (a flood from many addresses), the least recently seen tenth of the table is evicted. Forgetting an entry
/// only gives that address a fresh burst, so eviction can never lock anyone out. Bans live in their own bounded table.</para>
/// Thread-safe; the common path is one dictionary lookup and one uncontended lock.
/// </summary>
public sealed class ConnectionAttemptLimiter
{
    private readonly ConnectionAttemptOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<AddressKey, Entry> _entries = new();
    private readonly Lock _evict = new();
    private readonly long _windowTicks;

    public ConnectionAttemptLimiter(ConnectionAttemptOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaximumTrackedAddresses, 10);
        _options = options;
        _time = time;
        _windowTicks = (long)(options.Flapping.Window.TotalSeconds * time.TimestampFrequency);
        Bans = new BanList<AddressKey>(options.Bans, time, options.MaximumTrackedAddresses);
    }

    /// <summary>Banned addresses.</summary>
    internal BanList<AddressKey> Bans { get; }

    /// <summary>Addresses tracked now (bounded by <see cref="ConnectionAttemptOptions.MaximumTrackedAddresses"/>).</summary>
    public int TrackedAddresses => _entries.Count;

    /// <summary>Counts one attempt from <paramref name="address"/>. Attempts without an IP address (in-memory or Unix
    /// transports) are not limited.</summary>
    public ConnectionAttemptVerdict TryAttempt(IPAddress? address) => TryAttempt(address, out _);

    /// <inheritdoc cref="TryAttempt(IPAddress?)"/>
    /// <param name="address">Source address.</param>
    /// <param name="banDuration">When banned now, for how long; when already banned, how long remains.</param>
    public ConnectionAttemptVerdict TryAttempt(IPAddress? address, out TimeSpan banDuration)
    {
        banDuration = TimeSpan.Zero;
        if (address is null)
        {
            return ConnectionAttemptVerdict.Allowed;
        }

        var key = AddressKey.From(address);
        if (Bans.IsBanned(key, out banDuration))
        {
            return ConnectionAttemptVerdict.Banned;
        }

        var now = _time.GetTimestamp();
        if (!_entries.TryGetValue(key, out var entry))
        {
            if (_entries.Count >= _options.MaximumTrackedAddresses)
            {
                MakeRoom(now);
            }

            entry = _entries.GetOrAdd(key, static (_, arg) => new Entry(new TokenBucket(arg.Options.AttemptsPerSecond, arg.Options.Burst, arg.Now, arg.Frequency)),
                (Options: _options, Now: now, Frequency: _time.TimestampFrequency));
        }

        Volatile.Write(ref entry.LastSeen, now);
        if (entry.Bucket.TryTake(1, now))
        {
            return ConnectionAttemptVerdict.Allowed;
        }

        if (!entry.RecordRefusal(now, _options.Flapping.Refusals, _windowTicks))
        {
            return ConnectionAttemptVerdict.RateExceeded;
        }

        (banDuration, _) = Bans.Ban(key);
        // The ban now guards the address; its bucket state is no longer needed.
        _entries.TryRemove(key, out _);
        return ConnectionAttemptVerdict.BannedNow;
    }

    /// <summary>Whether <paramref name="address"/> serves a ban now.</summary>
    public bool IsBanned(IPAddress address) => Bans.IsBanned(AddressKey.From(address));

    /// <summary>Evicts idle entries (bucket full again, no refusal within the window); returns how many.</summary>
    public int Sweep()
    {
        var now = _time.GetTimestamp();
        var removed = 0;
        foreach (var (key, entry) in _entries)
        {
            if (entry.IsIdle(now, _windowTicks) && _entries.TryRemove(key, out _))
            {
                removed++;
            }
        }

        Bans.Sweep();
        return removed;
    }

    private void MakeRoom(long now)
    {
        lock (_evict)
        {
            var capacity = _options.MaximumTrackedAddresses;
            if (_entries.Count < capacity)
            {
                return;
            }

            // Sweep idle entries; if fewer than a tenth went, drop the least recently seen tenth, so the next
            // evictions are a tenth of the table's inserts away (amortised O(log n) per insert).
            var target = capacity - Math.Max(1, capacity / 10);
            Sweep();
            var excess = _entries.Count - target;
            if (excess <= 0)
            {
                return;
            }

            foreach (var (key, _) in _entries.OrderBy(e => Volatile.Read(ref e.Value.LastSeen)).Take(excess).ToList())
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    /// <summary>One address: its bucket and a fixed-window refusal count (constant size, unlike a log of refusals:
    /// "more than N within the window" is judged per window starting at the first refusal).</summary>
    private sealed class Entry(TokenBucket bucket)
    {
        private readonly Lock _lock = new();
        private long _windowStart;
        private int _refusals;

        public TokenBucket Bucket { get; } = bucket;

        public long LastSeen;

        /// <summary>True when this refusal makes more than <paramref name="threshold"/> within the window.</summary>
        public bool RecordRefusal(long now, int threshold, long windowTicks)
        {
            lock (_lock)
            {
                if (_refusals == 0 || now - _windowStart > windowTicks)
                {
                    _windowStart = now;
                    _refusals = 0;
                }

                return ++_refusals > threshold;
            }
        }

        public bool IsIdle(long now, long windowTicks)
        {
            lock (_lock)
            {
                if (_refusals > 0 && now - _windowStart <= windowTicks)
                {
                    return false;
                }
            }

            return Bucket.IsFullAt(now);
        }
    }
}
