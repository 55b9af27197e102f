using Palisade.Admission.Replay;

namespace Palisade.Admission.Tests.Replay;

public sealed class ReplayWindowTests
{
    private const long Ts = 1_000;

    [Fact]
    public void In_order_sequences_are_each_accepted()
    {
        var window = new ReplayWindow(64);
        for (ulong s = 1; s <= 200; s++)
        {
            Assert.Equal(ReplayCheck.Accepted, window.TryAccept(s, Ts));
        }

        Assert.Equal(200UL, window.Highest);
    }

    [Fact]
    public void Sequence_zero_is_invalid_and_changes_nothing()
    {
        var window = new ReplayWindow(64);

        Assert.Equal(ReplayCheck.Invalid, window.TryAccept(0, Ts));
        Assert.Equal(0UL, window.Highest);
        Assert.False(window.IsDirty);
    }

    [Fact]
    public void Out_of_order_within_the_window_is_accepted_once()
    {
        var window = new ReplayWindow(64);
        Assert.Equal(ReplayCheck.Accepted, window.TryAccept(10, Ts));
        Assert.Equal(ReplayCheck.Accepted, window.TryAccept(7, Ts));
        Assert.Equal(ReplayCheck.Accepted, window.TryAccept(9, Ts));

        Assert.Equal(ReplayCheck.Duplicate, window.TryAccept(7, Ts));
        Assert.Equal(ReplayCheck.Duplicate, window.TryAccept(10, Ts));
        Assert.Equal(ReplayCheck.Accepted, window.TryAccept(8, Ts));
        Assert.Equal(10UL, window.Highest);
    }

    [Fact]
    public void Duplicate_of_the_highest_is_refused()
    {
        var window = new ReplayWindow(64);
        window.TryAccept(5, Ts);

        Assert.Equal(ReplayCheck.Duplicate, window.TryAccept(5, Ts));
    }

    [Fact]
    public void Sequence_at_the_lower_edge_is_accepted_and_one_below_it_is_too_old()
    {
        var window = new ReplayWindow(64);
        window.TryAccept(100, Ts);

        // Window covers 37..100.
        Assert.Equal(ReplayCheck.TooOld, window.TryAccept(36, Ts));
        Assert.Equal(ReplayCheck.Accepted, window.TryAccept(37, Ts));
        Assert.Equal(ReplayCheck.TooOld, window.TryAccept(1, Ts));
    }

    [Fact]
    public void Large_jump_clears_the_window_so_old_marks_do_not_refuse_new_sequences()
    {
        var window = new ReplayWindow(128);
        for (ulong s = 1; s <= 128; s++)
        {
            window.TryAccept(s, Ts);
        }

        // Jump by more than the width: every old mark must be gone, the slots now belong to 10_001-127 .. 10_000.
        Assert.Equal(ReplayCheck.Accepted, window.TryAccept(10_000, Ts));
        for (var s = 10_000UL - 127; s < 10_000; s++)
        {
            Assert.False(window.HasSeen(s));
            Assert.Equal(ReplayCheck.Accepted, window.TryAccept(s, Ts));
        }

        Assert.Equal(ReplayCheck.TooOld, window.TryAccept(128, Ts));
    }

    [Fact]
    public void Partial_jump_clears_only_the_slots_it_passes_over()
    {
        var window = new ReplayWindow(64);
        for (ulong s = 1; s <= 64; s++)
        {
            window.TryAccept(s, Ts);
        }

        // Moving 64 -> 100 drops 1..36; 37..64 stay seen, 65..99 are fresh.
        Assert.Equal(ReplayCheck.Accepted, window.TryAccept(100, Ts));
        for (ulong s = 37; s <= 64; s++)
        {
            Assert.Equal(ReplayCheck.Duplicate, window.TryAccept(s, Ts));
        }

        for (ulong s = 65; s < 100; s++)
        {
            Assert.Equal(ReplayCheck.Accepted, window.TryAccept(s, Ts));
        }
    }

    [Fact]
    public void Bitmap_wraps_around_the_ring_many_times_without_losing_marks()
    {
        var window = new ReplayWindow(128);
        // Steps of 3 with an out-of-order fill behind: crosses the ring boundary (and word boundaries) repeatedly.
        for (ulong s = 3; s <= 3_000; s += 3)
        {
            Assert.Equal(ReplayCheck.Accepted, window.TryAccept(s, Ts));
            Assert.Equal(ReplayCheck.Accepted, window.TryAccept(s - 1, Ts));
            Assert.Equal(ReplayCheck.Duplicate, window.TryAccept(s, Ts));
            Assert.Equal(ReplayCheck.Duplicate, window.TryAccept(s - 1, Ts));
        }

        // Holes (every third) inside the window are still open, once.
        Assert.Equal(ReplayCheck.Accepted, window.TryAccept(2_998, Ts));
        Assert.Equal(ReplayCheck.Duplicate, window.TryAccept(2_998, Ts));
    }

    [Fact]
    public void Highest_sequence_near_ulong_max_is_handled()
    {
        var window = new ReplayWindow(64);
        Assert.Equal(ReplayCheck.Accepted, window.TryAccept(ulong.MaxValue - 1, Ts));
        Assert.Equal(ReplayCheck.Accepted, window.TryAccept(ulong.MaxValue, Ts));
        Assert.Equal(ReplayCheck.Duplicate, window.TryAccept(ulong.MaxValue - 1, Ts));
        Assert.Equal(ReplayCheck.TooOld, window.TryAccept(1, Ts));
    }

    [Fact]
    public void Capture_and_restore_keep_marks_and_highest()
    {
        var window = new ReplayWindow(256);
        foreach (var s in new ulong[] { 1000, 998, 900, 777 })
        {
            window.TryAccept(s, 5_000 + (long)s);
        }

        var restored = new ReplayWindow(256);
        restored.Restore(window.Capture("p", "d"));

        Assert.Equal(1000UL, restored.Highest);
        Assert.Equal(6_000L, restored.LastTimestampMs);
        Assert.False(restored.IsDirty);
        foreach (var s in new ulong[] { 1000, 998, 900 })
        {
            Assert.Equal(ReplayCheck.Duplicate, restored.TryAccept(s, Ts));
        }

        Assert.Equal(ReplayCheck.Accepted, restored.TryAccept(999, Ts));
        Assert.Equal(ReplayCheck.TooOld, restored.TryAccept(744, Ts));
    }

    [Fact]
    public void Restore_into_a_narrower_window_keeps_the_marks_it_still_covers()
    {
        var wide = new ReplayWindow(1024);
        wide.TryAccept(2_000, Ts);
        wide.TryAccept(1_990, Ts);
        wide.TryAccept(1_500, Ts);

        var narrow = new ReplayWindow(64);
        narrow.Restore(wide.Capture("p", "d"));

        Assert.Equal(ReplayCheck.Duplicate, narrow.TryAccept(1_990, Ts));
        Assert.Equal(ReplayCheck.TooOld, narrow.TryAccept(1_500, Ts));
        Assert.Equal(ReplayCheck.Accepted, narrow.TryAccept(1_991, Ts));
    }

    [Fact]
    public void Restore_into_a_wider_window_refuses_what_the_old_window_could_not_vouch_for()
    {
        var narrow = new ReplayWindow(64);
        narrow.TryAccept(2_000, Ts);
        narrow.TryAccept(1_950, Ts);

        var wide = new ReplayWindow(1024);
        wide.Restore(narrow.Capture("p", "d"));

        Assert.Equal(ReplayCheck.Duplicate, wide.TryAccept(1_950, Ts));
        Assert.Equal(ReplayCheck.Accepted, wide.TryAccept(1_951, Ts));
        // 1_900 was below the old window (too old); widening must not reopen it.
        Assert.Equal(ReplayCheck.Duplicate, wide.TryAccept(1_900, Ts));
        Assert.Equal(ReplayCheck.Duplicate, wide.TryAccept(977, Ts));
        Assert.Equal(ReplayCheck.TooOld, wide.TryAccept(976, Ts));
    }

    [Fact]
    public void Dirty_mark_clears_only_for_the_captured_version()
    {
        var window = new ReplayWindow(64);
        window.TryAccept(1, Ts);
        var captured = window.Capture("p", "d");
        window.TryAccept(2, Ts);

        window.MarkPersisted(captured.Version);
        Assert.True(window.IsDirty);

        window.MarkPersisted(window.Capture("p", "d").Version);
        Assert.False(window.IsDirty);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(100)]
    public void Width_must_be_a_positive_multiple_of_64(int width) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayWindow(width));
}
