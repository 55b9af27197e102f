using Palisade.Edge.Identity;

namespace Palisade.Tests.Edge;

public sealed class LiveCertificateTrackerTests
{
    [Fact]
    public void Second_live_connection_with_the_same_certificate_is_refused_and_told_the_holder()
    {
        var tracker = new LiveCertificateTracker();
        Assert.True(tracker.TryAcquire("AB", "conn-1", out _));
        Assert.False(tracker.TryAcquire("AB", "conn-2", out var holder));
        Assert.Equal("conn-1", holder);
        Assert.True(tracker.TryAcquire("CD", "conn-2", out _));
    }

    [Fact]
    public void Certificate_is_free_again_once_its_connection_ends()
    {
        var tracker = new LiveCertificateTracker();
        tracker.TryAcquire("AB", "conn-1", out _);
        Assert.True(tracker.Release("AB", "conn-1"));
        Assert.True(tracker.TryAcquire("AB", "conn-2", out _));
    }

    [Fact]
    public void Refused_newcomer_cannot_release_the_holders_claim()
    {
        var tracker = new LiveCertificateTracker();
        tracker.TryAcquire("AB", "conn-1", out _);
        Assert.False(tracker.Release("AB", "conn-2"));
        Assert.True(tracker.IsHeld("AB"));
        Assert.False(tracker.TryAcquire("AB", "conn-3", out _));
    }

    [Fact]
    public void Concurrent_claims_admit_exactly_one_connection()
    {
        var tracker = new LiveCertificateTracker();
        var winners = 0;
        Parallel.For(0, 64, i =>
        {
            if (tracker.TryAcquire("AB", "conn-" + i, out _))
            {
                Interlocked.Increment(ref winners);
            }
        });
        Assert.Equal(1, winners);
    }
}
