namespace Palisade.Admission.RateLimiting;

/// <summary>
/// A token bucket: <see cref="Rate"/> tokens per second refill it up to <see cref="Burst"/>; taking more than it holds
/// fails and takes nothing. Time comes from <see cref="TimeProvider.GetTimestamp"/> values passed in, so tests drive it.
/// A cheap lock guards the two fields: the buckets of one device are used by one connection in order, so the lock is
/// uncontended on the hot path; a compare-and-swap over two values would not be cheaper.
/// </summary>
internal sealed class TokenBucket
{
    private readonly Lock _lock = new();
    private readonly double _ticksPerToken;
    private double _tokens;
    private long _last;

    /// <param name="rate">Tokens per second (&gt; 0; <see cref="double.PositiveInfinity"/> = unlimited).</param>
    /// <param name="burst">Capacity, and the content of a new bucket (&gt;= 1).</param>
    /// <param name="now">Current timestamp.</param>
    /// <param name="timestampFrequency">Ticks per second of the timestamps (<see cref="TimeProvider.TimestampFrequency"/>).</param>
    public TokenBucket(double rate, double burst, long now, long timestampFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timestampFrequency);
        Rate = rate;
        Burst = burst;
        _ticksPerToken = timestampFrequency / rate;
        _tokens = burst;
        _last = now;
    }

    public double Rate { get; }

    public double Burst { get; }

    /// <summary>Takes <paramref name="amount"/> tokens if the bucket holds them (after refilling up to <paramref name="now"/>).</summary>
    public bool TryTake(double amount, long now)
    {
        lock (_lock)
        {
            Refill(now);
            if (_tokens < amount)
            {
                return false;
            }

            _tokens -= amount;
            return true;
        }
    }

    /// <summary>Gives back tokens taken for an operation that another bucket then refused (never above the burst).</summary>
    public void Refund(double amount)
    {
        lock (_lock)
        {
            _tokens = Math.Min(Burst, _tokens + amount);
        }
    }

    /// <summary>Tokens available at <paramref name="now"/> (for tests and idle checks).</summary>
    public double Available(long now)
    {
        lock (_lock)
        {
            Refill(now);
            return _tokens;
        }
    }

    /// <summary>Whether the bucket would be full at <paramref name="now"/>: forgetting it then changes nothing (idle eviction).</summary>
    public bool IsFullAt(long now) => Available(now) >= Burst;

    private void Refill(long now)
    {
        var elapsed = now - _last;
        if (elapsed <= 0)
        {
            return;
        }

        _last = now;
        _tokens = double.IsPositiveInfinity(Rate) ? Burst : Math.Min(Burst, _tokens + (elapsed / _ticksPerToken));
    }
}
