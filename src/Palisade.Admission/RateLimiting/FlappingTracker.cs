using System.Collections.Concurrent;

namespace Palisade.Admission.RateLimiting;

/// <summary>
/// Detects a key (device, address) that keeps breaking its limits: more than <c>threshold</c> violations within
/// <c>window</c>. Keeps, per key, only the timestamps of the last <c>threshold + 1</c> violations (a fixed ring), so a
/// flood costs constant memory per key. A key with no violation for a window is forgotten by <see cref="Sweep"/>.
/// Thread-safe (a lock per key: one device's violations come from one connection).
/// </summary>
internal sealed class FlappingTracker<TKey>(int threshold, TimeSpan window, TimeProvider time)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Ring> _rings = new();
    private readonly long _windowTicks = (long)(window.TotalSeconds * time.TimestampFrequency);

    public int Threshold => threshold;
    public TimeSpan Window => window;
    public int Count => _rings.Count;

    /// <summary>Records one violation; true when this one makes more than <c>threshold</c> within the window (then the
    /// record is reset, so the next verdict needs a fresh run of violations).</summary>
    public bool RecordViolation(TKey key)
    {
        var now = time.GetTimestamp();
        var ring = _rings.GetOrAdd(key, static (_, size) => new Ring(size), threshold + 1);
        lock (ring)
        {
            ring.Add(now);
            if (ring.Count > threshold && now - ring.Oldest <= _windowTicks)
            {
                ring.Clear();
                return true;
            }

            return false;
        }
    }

    public void Forget(TKey key) => _rings.TryRemove(key, out _);

    /// <summary>Forgets keys whose last violation is older than the window.</summary>
    public int Sweep()
    {
        var now = time.GetTimestamp();
        var removed = 0;
        foreach (var (key, ring) in _rings)
        {
            bool idle;
            lock (ring)
            {
                idle = ring.Count == 0 || now - ring.Newest > _windowTicks;
            }

            if (idle && _rings.TryRemove(key, out _))
            {
                removed++;
            }
        }

        return removed;
    }

    private sealed class Ring(int size)
    {
        private readonly long[] _stamps = new long[size];
        private int _next;

        public int Count { get; private set; }

        public long Oldest => _stamps[Count < _stamps.Length ? 0 : _next];

        public long Newest => _stamps[(_next - 1 + _stamps.Length) % _stamps.Length];

        public void Add(long stamp)
        {
            _stamps[_next] = stamp;
            _next = (_next + 1) % _stamps.Length;
            Count = Math.Min(Count + 1, _stamps.Length);
        }

        public void Clear()
        {
            Count = 0;
            _next = 0;
        }
    }
}
