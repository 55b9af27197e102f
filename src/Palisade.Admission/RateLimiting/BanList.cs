using System.Collections.Concurrent;

namespace Palisade.Admission.RateLimiting;

/// <summary>
/// Banned keys (device ids, or source address keys) with growing ban periods (<see cref="BanPolicy"/>). A ban expires by
/// itself; the entry is kept for the repeat window so the next ban is longer, then forgotten. Bounded: at most
/// <c>capacity</c> entries; when full, forgotten entries are swept first, then the ban ending soonest is dropped (a ban
/// table that an attacker with many addresses fills must not grow the heap). Thread-safe.
/// </summary>
/// <typeparam name="TKey">Device id (string) or address key.</typeparam>
internal sealed class BanList<TKey>(BanPolicy policy, TimeProvider time, int capacity = 100_000)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();
    private readonly Lock _write = new();

    public BanPolicy Policy => policy;

    /// <summary>Entries held (active bans and remembered strikes).</summary>
    public int Count => _entries.Count;

    /// <summary>Whether <paramref name="key"/> is banned now; <paramref name="remaining"/> is how long it still is.</summary>
    public bool IsBanned(TKey key, out TimeSpan remaining)
    {
        var now = time.GetTimestamp();
        if (_entries.TryGetValue(key, out var entry) && entry.Until > now)
        {
            remaining = time.GetElapsedTime(now, entry.Until);
            return true;
        }

        remaining = TimeSpan.Zero;
        return false;
    }

    public bool IsBanned(TKey key) => IsBanned(key, out _);

    /// <summary>Bans <paramref name="key"/> from now, for longer each repeat; returns the duration and the strike number.</summary>
    public (TimeSpan Duration, int Strike) Ban(TKey key)
    {
        var now = time.GetTimestamp();
        lock (_write)
        {
            var strike = 1;
            if (_entries.TryGetValue(key, out var previous) && time.GetElapsedTime(previous.BannedAt, now) <= policy.RepeatWindow)
            {
                strike = previous.Strike + 1;
            }
            else if (_entries.Count >= capacity)
            {
                MakeRoom(now);
            }

            var duration = policy.DurationOf(strike);
            _entries[key] = new Entry(now, now + (long)(duration.TotalSeconds * time.TimestampFrequency), strike);
            return (duration, strike);
        }
    }

    /// <summary>Lifts a ban and forgets its strikes (operator action).</summary>
    public bool Lift(TKey key) => _entries.TryRemove(key, out _);

    /// <summary>Forgets entries whose ban expired and whose repeat window passed.</summary>
    public int Sweep()
    {
        var now = time.GetTimestamp();
        var removed = 0;
        foreach (var (key, entry) in _entries)
        {
            if (entry.Until <= now && time.GetElapsedTime(entry.BannedAt, now) > policy.RepeatWindow && _entries.TryRemove(key, out _))
            {
                removed++;
            }
        }

        return removed;
    }

    private void MakeRoom(long now)
    {
        if (Sweep() > 0 && _entries.Count < capacity)
        {
            return;
        }

        // Still full: expired bans first (their strikes are forgotten early), else the one ending soonest.
        KeyValuePair<TKey, Entry>? victim = null;
        foreach (var pair in _entries)
        {
            var expired = pair.Value.Until <= now;
            if (victim is not { } v || (expired && v.Value.Until > now) || (expired == (v.Value.Until <= now) && pair.Value.Until < v.Value.Until))
            {
                victim = pair;
            }
        }

        if (victim is { } chosen)
        {
            _entries.TryRemove(chosen.Key, out _);
        }
    }

    private readonly record struct Entry(long BannedAt, long Until, int Strike);
}
