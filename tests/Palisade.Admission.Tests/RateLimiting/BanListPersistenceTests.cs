using Palisade.Admission.RateLimiting;

namespace Palisade.Admission.Tests.RateLimiting;

/// <summary>What the host saves of a ban list and puts back after a restart (a new list on a new clock).</summary>
public sealed class BanListPersistenceTests
{
    private readonly ManualTime _before = new();

    [Fact]
    public void Restored_ban_holds_until_its_end_then_expires()
    {
        var bans = new BanList<string>(new BanPolicy(), _before);
        bans.Ban("d1"); // 60 s
        _before.Advance(TimeSpan.FromSeconds(20));
        var saved = bans.Snapshot(_before.GetUtcNow());

        // "Restart": another list, whose monotonic clock has nothing to do with the first one's, 10 s later.
        var after = new ManualTime();
        after.Advance(TimeSpan.FromDays(3));
        var restored = new BanList<string>(new BanPolicy(), after);
        restored.Restore(saved, _before.GetUtcNow().AddSeconds(10));

        Assert.True(restored.IsBanned("d1", out var remaining));
        Assert.Equal(TimeSpan.FromSeconds(30), remaining);
        Assert.False(restored.IsBanned("d2"));
        after.Advance(TimeSpan.FromSeconds(29));
        Assert.True(restored.IsBanned("d1"));
        after.Advance(TimeSpan.FromSeconds(1));
        Assert.False(restored.IsBanned("d1"));
    }

    [Fact]
    public void Restored_strike_makes_the_next_ban_longer_within_the_repeat_window_only()
    {
        var bans = new BanList<string>(new BanPolicy(), _before);
        bans.Ban("d1");
        bans.Ban("d2");
        var saved = bans.Snapshot(_before.GetUtcNow());

        var restored = new BanList<string>(new BanPolicy(), _before);
        restored.Restore(saved, _before.GetUtcNow().AddHours(2));
        var late = new BanList<string>(new BanPolicy(), _before);
        late.Restore(saved, _before.GetUtcNow().AddHours(25));

        Assert.Equal((TimeSpan.FromMinutes(2), 2), restored.Ban("d1"));
        Assert.Equal(0, late.Count); // past the 24 h repeat window: forgotten
        Assert.Equal((TimeSpan.FromMinutes(1), 1), late.Ban("d1"));
    }

    [Fact]
    public void Version_moves_on_ban_lift_and_forgetting_but_not_on_reads()
    {
        var bans = new BanList<string>(new BanPolicy(), _before);
        var start = bans.Version;

        bans.Ban("d1");
        var afterBan = bans.Version;
        bans.IsBanned("d1");
        bans.Snapshot(_before.GetUtcNow());
        Assert.Equal(afterBan, bans.Version);
        Assert.True(afterBan > start);

        Assert.True(bans.Lift("d1"));
        Assert.True(bans.Version > afterBan);
        var afterLift = bans.Version;
        bans.Ban("d2");
        _before.Advance(TimeSpan.FromHours(25));
        Assert.Equal(1, bans.Sweep());
        Assert.True(bans.Version > afterLift + 1);
    }
}
