using Palisade.Admission.Pipeline;
using Palisade.Admission.RateLimiting;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;

namespace Palisade.Admission.Tests.RateLimiting;

public class RateLimitStageTests
{
    private readonly ManualTime _time = new();

    private RateLimitStage Stage(RateLimitPolicy? policy = null, int flappingRefusals = 50) =>
        new(policy ?? ((_, _) => new RateLimits(10, 10, 1000, 1000)), new FlappingOptions { Refusals = flappingRefusals, Window = TimeSpan.FromSeconds(10) }, new BanPolicy(), _time);

    private AdmissionContext Publish(string device, int payload = 10, string participant = "acme", string? deviceClass = null) =>
        new(new PublishPacket { Topic = $"p/{participant}/d/{device}/telemetry/t", Payload = new byte[payload] }, device, participant, _time.GetUtcNow())
        {
            DeviceClass = deviceClass,
        };

    [Fact]
    public void Device_over_its_message_rate_is_refused_with_quota_exceeded_and_recovers_as_tokens_refill()
    {
        var stage = Stage();
        for (var i = 0; i < 10; i++)
        {
            Assert.True(stage.Evaluate(Publish("d1")).Admitted);
        }

        var refused = stage.Evaluate(Publish("d1"));
        Assert.False(refused.Admitted);
        Assert.Equal(ReasonCode.QuotaExceeded, refused.Reason);
        Assert.Equal("rate.messages", refused.Refusal);
        Assert.False(refused.Disconnect);

        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(stage.Evaluate(Publish("d1")).Admitted);
    }

    [Fact]
    public void Device_over_its_byte_rate_is_refused_and_keeps_its_message_token()
    {
        var stage = Stage((_, _) => new RateLimits(2, 2, 100, 100));
        Assert.True(stage.Evaluate(Publish("d1", payload: 80)).Admitted);
        var refused = stage.Evaluate(Publish("d1", payload: 80));
        Assert.Equal("rate.bytes", refused.Refusal);
        Assert.Equal(ReasonCode.QuotaExceeded, refused.Reason);
        // The refused message took no message token: a small one still fits both buckets.
        Assert.True(stage.Evaluate(Publish("d1", payload: 10)).Admitted);
    }

    [Fact]
    public void Limits_come_from_the_policy_by_participant_and_device_class()
    {
        var asked = new List<(string, string?)>();
        var stage = Stage((participant, deviceClass) =>
        {
            asked.Add((participant, deviceClass));
            return deviceClass == "plc" ? new RateLimits(1, 1, double.PositiveInfinity, 0) : RateLimits.Unlimited;
        });

        Assert.True(stage.Evaluate(Publish("plc-1", deviceClass: "plc")).Admitted);
        Assert.False(stage.Evaluate(Publish("plc-1", deviceClass: "plc")).Admitted);
        for (var i = 0; i < 100; i++)
        {
            Assert.True(stage.Evaluate(Publish("sensor-1", participant: "beta", deviceClass: "sensor")).Admitted);
        }

        Assert.Equal([("acme", "plc"), ("beta", "sensor")], asked);
    }

    [Fact]
    public void Each_device_has_its_own_buckets()
    {
        var stage = Stage((_, _) => new RateLimits(1, 1, 1000, 1000));
        Assert.True(stage.Evaluate(Publish("a")).Admitted);
        Assert.False(stage.Evaluate(Publish("a")).Admitted);
        Assert.True(stage.Evaluate(Publish("b")).Admitted);
    }

    [Fact]
    public void Device_that_keeps_breaking_its_limit_is_disconnected_with_0x96_and_banned_until_the_ban_expires()
    {
        var stage = Stage((_, _) => new RateLimits(1, 1, 1000, 1000), flappingRefusals: 5);
        Assert.True(stage.Evaluate(Publish("d1")).Admitted);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("rate.messages", stage.Evaluate(Publish("d1")).Refusal);
        }

        var verdict = stage.Evaluate(Publish("d1"));
        Assert.True(verdict.Disconnect);
        Assert.Equal(ReasonCode.MessageRateTooHigh, verdict.Reason);
        Assert.Equal("rate.flapping", verdict.Refusal);
        Assert.Contains("60 s", verdict.ReasonString, StringComparison.Ordinal);
        Assert.True(stage.IsBanned("d1"));
        Assert.False(stage.IsBanned("d2"));

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.True(stage.IsBanned("d1"));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(stage.IsBanned("d1"));
    }

    [Fact]
    public void Refusals_spread_wider_than_the_window_do_not_ban()
    {
        var stage = Stage((_, _) => new RateLimits(0.01, 1, 1000, 1000), flappingRefusals: 3);
        Assert.True(stage.Evaluate(Publish("d1")).Admitted);
        for (var i = 0; i < 20; i++)
        {
            var verdict = stage.Evaluate(Publish("d1"));
            Assert.False(verdict.Disconnect);
            _time.Advance(TimeSpan.FromSeconds(4)); // 3 refusals span 8 s, the 4th is 12 s after the first
        }

        Assert.False(stage.IsBanned("d1"));
    }

    [Fact]
    public void Ban_doubles_on_each_repeat_within_a_day_is_capped_at_an_hour_and_starts_over_after_a_day()
    {
        var bans = new BanList<string>(new BanPolicy(), _time);
        var durations = new List<double>();
        for (var i = 0; i < 8; i++)
        {
            durations.Add(bans.Ban("d1").Duration.TotalMinutes);
            _time.Advance(TimeSpan.FromHours(1.5)); // past every ban, within 24 h of the previous
        }

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60], durations);
        _time.Advance(TimeSpan.FromHours(25));
        Assert.Equal((TimeSpan.FromMinutes(1), 1), bans.Ban("d1"));
    }

    [Fact]
    public void Ban_list_forgets_expired_bans_after_the_repeat_window_and_stays_within_its_capacity()
    {
        var bans = new BanList<string>(new BanPolicy(), _time, capacity: 10);
        for (var i = 0; i < 25; i++)
        {
            bans.Ban($"d{i}");
            Assert.True(bans.Count <= 10);
        }

        Assert.True(bans.IsBanned("d24"));
        _time.Advance(TimeSpan.FromHours(25));
        Assert.Equal(10, bans.Sweep());
        Assert.Equal(0, bans.Count);
    }

    [Fact]
    public void Idle_devices_are_forgotten_by_the_sweep()
    {
        var stage = Stage();
        stage.Evaluate(Publish("a"));
        stage.Evaluate(Publish("b"));
        Assert.Equal(2, stage.TrackedDevices);
        Assert.Equal(0, stage.Sweep()); // buckets not refilled yet

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, stage.Sweep());
        Assert.Equal(0, stage.TrackedDevices);
    }
}
