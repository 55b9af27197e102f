using Palisade.Admission.RateLimiting;

namespace Palisade.Admission.Tests.RateLimiting;

public class TokenBucketTests
{
    private readonly ManualTime _time = new();

    private TokenBucket Bucket(double rate, double burst) => new(rate, burst, _time.GetTimestamp(), _time.TimestampFrequency);

    [Fact]
    public void New_bucket_allows_its_burst_then_refuses()
    {
        var bucket = Bucket(rate: 10, burst: 5);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(bucket.TryTake(1, _time.GetTimestamp()));
        }

        Assert.False(bucket.TryTake(1, _time.GetTimestamp()));
    }

    [Fact]
    public void Bucket_refills_at_its_rate_and_never_above_its_burst()
    {
        var bucket = Bucket(rate: 10, burst: 5);
        Assert.True(bucket.TryTake(5, _time.GetTimestamp()));
        _time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(2, bucket.Available(_time.GetTimestamp()), precision: 6);
        Assert.True(bucket.TryTake(2, _time.GetTimestamp()));
        Assert.False(bucket.TryTake(1, _time.GetTimestamp()));

        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(5, bucket.Available(_time.GetTimestamp()));
        Assert.True(bucket.IsFullAt(_time.GetTimestamp()));
    }

    [Fact]
    public void Refused_take_takes_nothing_and_refund_is_capped_at_the_burst()
    {
        var bucket = Bucket(rate: 1, burst: 10);
        Assert.False(bucket.TryTake(11, _time.GetTimestamp()));
        Assert.Equal(10, bucket.Available(_time.GetTimestamp()));
        Assert.True(bucket.TryTake(4, _time.GetTimestamp()));
        bucket.Refund(100);
        Assert.Equal(10, bucket.Available(_time.GetTimestamp()));
    }

    [Fact]
    public void Concurrent_takers_never_take_more_than_the_burst()
    {
        var bucket = Bucket(rate: 0.001, burst: 1000);
        var taken = 0;
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 500; i++)
            {
                if (bucket.TryTake(1, _time.GetTimestamp()))
                {
                    Interlocked.Increment(ref taken);
                }
            }
        });

        Assert.Equal(1000, taken);
    }
}
