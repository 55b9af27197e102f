using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Palisade.Admission.Replay;

namespace Palisade.Admission.Tests.Replay;

/// <summary>Properties of the sliding window against a plain reference model (a set of every accepted sequence).</summary>
public sealed class ReplayPropertyTests
{
    [Property(MaxTest = 300)]
    public void Each_sequence_is_accepted_at_most_once_in_any_order(ushort[] raw)
    {
        var window = new ReplayWindow(64);
        var accepted = new HashSet<ulong>();
        foreach (var r in raw)
        {
            var seq = (ulong)(r % 400);
            if (window.TryAccept(seq, 0) == ReplayCheck.Accepted)
            {
                Assert.True(accepted.Add(seq), $"sequence {seq} accepted twice");
            }
        }
    }

    [Property(MaxTest = 300)]
    public void Window_agrees_with_the_reference_model(ushort[] raw, bool wide)
    {
        var width = wide ? 128 : 64;
        var window = new ReplayWindow(width);
        var seen = new HashSet<ulong>();
        ulong highest = 0;
        foreach (var r in raw)
        {
            // Mostly small steps around a rising base, with occasional far jumps, so every branch is hit.
            var seq = (ulong)(r % 1000);
            var expected = seq == 0 ? ReplayCheck.Invalid
                : seq > highest ? ReplayCheck.Accepted
                : highest - seq >= (ulong)width ? ReplayCheck.TooOld
                : seen.Contains(seq) ? ReplayCheck.Duplicate
                : ReplayCheck.Accepted;

            Assert.Equal(expected, window.TryAccept(seq, 0));
            if (expected == ReplayCheck.Accepted)
            {
                seen.Add(seq);
                highest = Math.Max(highest, seq);
            }
        }
    }

    [Property(MaxTest = 200)]
    public void A_permuted_set_narrower_than_the_window_is_accepted_exactly_once_each(PositiveInt seed, NonNegativeInt start)
    {
        // A set of 60 distinct sequences spanning less than the width, sent in a random order, each twice.
        var first = (ulong)start.Get + 1;
        var set = Enumerable.Range(0, 60).Select(i => first + (ulong)i).ToArray();
        var order = Gen.Shuffle(set.Concat(set).ToArray()).Sample(1, seed.Get % 1000).First();
        var window = new ReplayWindow(64);

        var acceptedCount = order.Count(s => window.TryAccept(s, 0) == ReplayCheck.Accepted);

        Assert.Equal(set.Length, acceptedCount);
        Assert.All(set, s => Assert.True(window.HasSeen(s)));
    }

    [Property(MaxTest = 200)]
    public void Capture_then_restore_refuses_exactly_what_the_original_refuses(ushort[] history, ushort[] probes)
    {
        var original = new ReplayWindow(64);
        foreach (var h in history)
        {
            original.TryAccept((ulong)(h % 500), 0);
        }

        var restored = new ReplayWindow(64);
        restored.Restore(original.Capture("p", "d"));
        foreach (var p in probes)
        {
            var seq = (ulong)(p % 600);
            Assert.Equal(original.TryAccept(seq, 0), restored.TryAccept(seq, 0));
        }
    }
}
