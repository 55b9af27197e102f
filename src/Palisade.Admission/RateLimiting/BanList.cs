using System.Collections.Concurrent;

namespace Palisade.Admission.RateLimiting;

/// <summary>
/// Banned keys (device ids, or source address keys) with growing ban periods (<see cref="BanPolicy"/>). A ban expires by
/// itself; the entry is kept for the repeat window so the next ban is longer, then forgotten. Bounded: at most
/// <c>capacity</c> entries; when full, forgotten entries are swept first, then the ban ending soonest is dropped (a ban
/// table that an attacker with many addresses fills must not grow the heap). Thread-safe.
/// <para>Persistence is the host's: <see cref="Version"/> moves on every change, <see cref="Snapshot"/> gives the
/// entries in wall-clock time, <see cref="Restore"/> puts them back after a restart (the list itself runs on the
/// monotonic clock, so a ban does not move when the wall clock is set).</para>
/// </summary>
/// <typeparam name="TKey">Device id (string) or address key.</typeparam>
internal sealed class BanList<TKey>(BanPolicy policy, TimeProvider time, int capacity = 100_000)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();
    private readonly Lock _write = new();
    private long _version;

    public BanPolicy Policy => policy;

    /// <summary>Entries held (active bans and remembered strikes).</summary>
    public int Count => _entries.Count;

    /// <summary>Changes since start (ban, lift, forgotten entry); unchanged means a saved <see cref="Snapshot"/> is current.</summary>
    public long Version => Interlocked.Read(ref _version);

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
            Interlocked.Increment(ref _version);
            return (duration, strike);
        }
    }

    /// <summary>Lifts a ban and forgets its strikes (operator action).</summary>
    public bool Lift(TKey key) => Forget(key);

    /// <summary>Forgets entries whose ban expired and whose repeat window passed.</summary>
    public int Sweep()
    {
        var now = time.GetTimestamp();
        var removed = 0;
        foreach (var (key, entry) in _entries)
        {
            if (entry.Until <= now && time.GetElapsedTime(entry.BannedAt, now) > policy.RepeatWindow && Forget(key))
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
            Forget(chosen.Key);
        }
    }

    /// <summary>
    /// Every entry still remembered (active bans, and expired ones whose strikes count for the next ban), with the
    /// times on the wall clock of <paramref name="nowUtc"/> (the caller's clock, read now).
    /// </summary>
    public IReadOnlyList<BanRecord<TKey>> Snapshot(DateTimeOffset nowUtc)
    {
        var now = time.GetTimestamp();
        var records = new List<BanRecord<TKey>>(_entries.Count);
        foreach (var (key, entry) in _entries)
        {
            records.Add(new BanRecord<TKey>(key, nowUtc + time.GetElapsedTime(now, entry.BannedAt), nowUtc + time.GetElapsedTime(now, entry.Until), entry.Strike));
        }

        return records;
    }

    /// <summary>
    /// Puts saved entries back (at start, before the list is used): a ban whose end is still ahead holds until then,
    /// an expired one keeps its strike for the repeat window; entries past the repeat window are dropped. An entry
    /// already held (banned since) wins.
    /// </summary>
    public void Restore(IEnumerable<BanRecord<TKey>> records, DateTimeOffset nowUtc)
    {
        ArgumentNullException.ThrowIfNull(records);
        var now = time.GetTimestamp();
        lock (_write)
        {
            foreach (var record in records)
            {
                if (nowUtc - record.BannedAt > policy.RepeatWindow || record.Strike < 1 || _entries.Count >= capacity)
                {
                    continue;
                }

                _entries.TryAdd(record.Key, new Entry(Timestamp(now, nowUtc, record.BannedAt), Timestamp(now, nowUtc, record.Until), record.Strike));
            }
        }
    }

    private long Timestamp(long now, DateTimeOffset nowUtc, DateTimeOffset at) =>
        now + (long)((at - nowUtc).TotalSeconds * time.TimestampFrequency);

    private bool Forget(TKey key)
    {
        if (!_entries.TryRemove(key, out _))
        {
            return false;
        }

        Interlocked.Increment(ref _version);
        return true;
    }

    private readonly record struct Entry(long BannedAt, long Until, int Strike);
}
