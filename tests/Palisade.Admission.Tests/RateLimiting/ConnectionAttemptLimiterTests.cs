using System.Net;
using Palisade.Admission.RateLimiting;

namespace Palisade.Admission.Tests.RateLimiting;

public class ConnectionAttemptLimiterTests
{
    private readonly ManualTime _time = new();

    private ConnectionAttemptLimiter Limiter(double rate = 1, double burst = 3, int abuse = 5, int maxTracked = 1000) =>
        new(new ConnectionAttemptOptions
        {
            AttemptsPerSecond = rate,
            Burst = burst,
            Flapping = new FlappingOptions { Refusals = abuse, Window = TimeSpan.FromSeconds(60) },
            MaximumTrackedAddresses = maxTracked,
        }, _time);

    [Fact]
    public void Address_over_its_attempt_rate_is_refused_and_recovers_as_tokens_refill()
    {
        var limiter = Limiter();
        var address = IPAddress.Parse("192.0.2.7");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(ConnectionAttemptVerdict.Allowed, limiter.TryAttempt(address));
        }

        Assert.Equal(ConnectionAttemptVerdict.RateExceeded, limiter.TryAttempt(address));
        Assert.Equal(ConnectionAttemptVerdict.Allowed, limiter.TryAttempt(IPAddress.Parse("192.0.2.8")));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ConnectionAttemptVerdict.Allowed, limiter.TryAttempt(address));
    }

    [Fact]
    public void IPv4_mapped_IPv6_address_counts_as_the_same_IPv4_address()
    {
        var limiter = Limiter(burst: 2);
        Assert.Equal(ConnectionAttemptVerdict.Allowed, limiter.TryAttempt(IPAddress.Parse("192.0.2.7")));
        Assert.Equal(ConnectionAttemptVerdict.Allowed, limiter.TryAttempt(IPAddress.Parse("::ffff:192.0.2.7")));
        Assert.Equal(ConnectionAttemptVerdict.RateExceeded, limiter.TryAttempt(IPAddress.Parse("::ffff:192.0.2.7")));
        Assert.Equal(1, limiter.TrackedAddresses);
        Assert.Equal(AddressKey.From(IPAddress.Parse("192.0.2.7")), AddressKey.From(IPAddress.Parse("::ffff:192.0.2.7")));
        Assert.Equal("192.0.2.7", AddressKey.From(IPAddress.Parse("::ffff:192.0.2.7")).ToString());
    }

    [Fact]
    public void IPv6_addresses_of_one_64_prefix_share_a_bucket()
    {
        var limiter = Limiter(burst: 2);
        Assert.Equal(ConnectionAttemptVerdict.Allowed, limiter.TryAttempt(IPAddress.Parse("2001:db8:1:2::1")));
        Assert.Equal(ConnectionAttemptVerdict.Allowed, limiter.TryAttempt(IPAddress.Parse("2001:db8:1:2:ffff::9")));
        Assert.Equal(ConnectionAttemptVerdict.RateExceeded, limiter.TryAttempt(IPAddress.Parse("2001:db8:1:2::77")));
        Assert.Equal(ConnectionAttemptVerdict.Allowed, limiter.TryAttempt(IPAddress.Parse("2001:db8:1:3::1")));
        Assert.Equal("2001:db8:1:2::/64", AddressKey.From(IPAddress.Parse("2001:db8:1:2::1")).ToString());
        Assert.NotEqual(AddressKey.From(IPAddress.Parse("::1")), AddressKey.From(IPAddress.Parse("0.0.0.1")));
    }

    [Fact]
    public void Repeated_abuse_bans_the_address_for_a_growing_period()
    {
        var limiter = Limiter(burst: 1, abuse: 3);
        var address = IPAddress.Parse("198.51.100.1");

        ConnectionAttemptVerdict Flood()
        {
            var last = ConnectionAttemptVerdict.Allowed;
            for (var i = 0; i < 10 && last != ConnectionAttemptVerdict.BannedNow; i++)
            {
                last = limiter.TryAttempt(address, out _);
            }

            return last;
        }

        Assert.Equal(ConnectionAttemptVerdict.BannedNow, Flood());
        Assert.Equal(ConnectionAttemptVerdict.Banned, limiter.TryAttempt(address, out var remaining));
        Assert.Equal(TimeSpan.FromMinutes(1), remaining);
        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.False(limiter.IsBanned(address));

        Assert.Equal(ConnectionAttemptVerdict.BannedNow, Flood());
        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(ConnectionAttemptVerdict.Banned, limiter.TryAttempt(address, out remaining));
        Assert.Equal(TimeSpan.FromSeconds(59), remaining); // second ban: 2 minutes
    }

    [Fact]
    public void Attempts_without_an_IP_address_are_not_limited()
    {
        var limiter = Limiter(burst: 1);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(ConnectionAttemptVerdict.Allowed, limiter.TryAttempt(null));
        }

        Assert.Equal(0, limiter.TrackedAddresses);
    }

    [Fact]
    public void Per_address_table_stays_bounded_when_many_addresses_connect()
    {
        var limiter = Limiter(maxTracked: 100);
        for (var i = 0; i < 5000; i++)
        {
            // Each address uses part of its burst, so no entry is idle: eviction must fall back to least recently seen.
            var address = new IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]);
            Assert.Equal(ConnectionAttemptVerdict.Allowed, limiter.TryAttempt(address));
            Assert.True(limiter.TrackedAddresses <= 100, $"{limiter.TrackedAddresses} tracked after {i + 1}");
        }

        // The most recent addresses are still tracked: the last one has spent one of its 3 tokens.
        var last = new IPAddress([10, 0, 4999 >> 8, 4999 & 0xFF]);
        Assert.Equal(ConnectionAttemptVerdict.Allowed, limiter.TryAttempt(last));
        Assert.Equal(ConnectionAttemptVerdict.Allowed, limiter.TryAttempt(last));
        Assert.Equal(ConnectionAttemptVerdict.RateExceeded, limiter.TryAttempt(last));
    }

    [Fact]
    public void Idle_addresses_are_evicted_by_the_sweep()
    {
        var limiter = Limiter();
        limiter.TryAttempt(IPAddress.Parse("192.0.2.1"));
        limiter.TryAttempt(IPAddress.Parse("192.0.2.2"));
        Assert.Equal(0, limiter.Sweep());
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, limiter.Sweep());
        Assert.Equal(0, limiter.TrackedAddresses);
    }
}
