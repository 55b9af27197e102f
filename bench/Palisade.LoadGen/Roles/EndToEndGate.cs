namespace Palisade.LoadGen.Roles;

/// <summary>
/// Caps the messages between publishers and subscribers (published but not yet delivered to every subscriber),
/// so a run measures the rate a broker sustains without dropping, instead of how fast it can accept and then
/// discard (both brokers drop QoS 0 and even QoS 1 deliveries once a subscriber's queue passes its limit).
/// </summary>
/// <remarks>Possible only because publishers and subscribers live in one process. A message the broker drops never
/// arrives, so it would hold a slot forever: when nothing arrives for <see cref="StallTimeout"/> the slots still held
/// are written off and counted in <see cref="Stalls"/>, which makes the result a reported problem.</remarks>
internal sealed class EndToEndGate(int window, Func<long> sent, Func<long> deliveredToEach) : IDisposable
{
    public static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _signal = new(0);
    private int _waiters;
    private long _writtenOff;
    private int _stalls;

    public int Window => window;

    public int Stalls => Volatile.Read(ref _stalls);

    /// <summary>Messages that may be published now (0 when the window is full).</summary>
    public int Free => (int)Math.Clamp(window - (sent() - deliveredToEach() - Volatile.Read(ref _writtenOff)), 0, window);

    /// <summary>Waits until at least <paramref name="wanted"/> slots are free (or the window is empty after a stall).</summary>
    public async Task WaitAsync(int wanted, CancellationToken cancellationToken)
    {
        var lastDelivered = deliveredToEach();
        var quietSince = DateTime.UtcNow;
        while (!cancellationToken.IsCancellationRequested && Free < wanted)
        {
            Interlocked.Increment(ref _waiters);
            if (Free >= wanted)
            {
                return; // a stale permit may remain; waiters loop on Free, so it is harmless
            }

            // Timed waits: a lost wake-up costs at most 50 ms, never a hang.
            await _signal.WaitAsync(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
            var delivered = deliveredToEach();
            if (delivered != lastDelivered)
            {
                lastDelivered = delivered;
                quietSince = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - quietSince > StallTimeout)
            {
                Interlocked.Add(ref _writtenOff, window - Free);
                Interlocked.Increment(ref _stalls);
                quietSince = DateTime.UtcNow;
            }
        }
    }

    /// <summary>Called by subscribers after each read that delivered messages.</summary>
    public void Notify()
    {
        if (Volatile.Read(ref _waiters) > 0)
        {
            var n = Interlocked.Exchange(ref _waiters, 0);
            if (n > 0)
            {
                _signal.Release(n);
            }
        }
    }

    public void Dispose() => _signal.Dispose();
}
