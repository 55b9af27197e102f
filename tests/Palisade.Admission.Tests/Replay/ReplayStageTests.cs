using Palisade.Admission.Pipeline;
using Palisade.Admission.Replay;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;

namespace Palisade.Admission.Tests.Replay;

public sealed class ReplayStageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 1, 0, 0, TimeSpan.Zero);

    internal static AdmissionContext Publish(ulong seq, DateTimeOffset? ts = null, string device = "dev-1", string participant = "acme", DateTimeOffset? now = null) =>
        new(new PublishPacket { Topic = $"p/{participant}/d/{device}/telemetry/t" }, device, participant, now ?? Now)
        {
            Envelope = new EnvelopeFacts("k1", seq, ts ?? now ?? Now),
        };

    private static ReplayStage Stage(int window = 1024, int past = 30, int future = 5) =>
        new(new ReplayOptions { Window = window, MaxPastSkewSeconds = past, MaxFutureSkewSeconds = future });

    private static void AssertRefused(StageVerdict verdict, string refusal)
    {
        Assert.False(verdict.Admitted);
        Assert.Equal(refusal, verdict.Refusal);
        Assert.Equal(ReasonCode.ImplementationSpecificError, verdict.Reason);
        Assert.False(verdict.Disconnect);
        Assert.False(string.IsNullOrEmpty(verdict.ReasonString));
    }

    [Fact]
    public void Message_without_envelope_passes_untouched()
    {
        var stage = Stage();
        var context = new AdmissionContext(new PublishPacket { Topic = "p/acme/d/dev-1/telemetry/t" }, "dev-1", "acme", Now);

        Assert.True(stage.Evaluate(context).Admitted);
        Assert.Equal(0, stage.DeviceCount);
    }

    [Fact]
    public void Replayed_sequence_is_refused_as_duplicate_and_the_next_one_flows()
    {
        var stage = Stage();
        Assert.True(stage.Evaluate(Publish(1)).Admitted);
        Assert.True(stage.Evaluate(Publish(2)).Admitted);

        AssertRefused(stage.Evaluate(Publish(2)), ReplayStage.DuplicateRefusal);
        Assert.True(stage.Evaluate(Publish(3)).Admitted);
    }

    private static AdmissionContext Resend(ulong seq, QualityOfService qos, bool dup) =>
        new(new PublishPacket { Topic = "p/acme/d/dev-1/telemetry/t", QoS = qos, PacketId = 9, Dup = dup }, "dev-1", "acme", Now)
        {
            Envelope = new EnvelopeFacts("k1", seq, Now),
        };

    [Theory]
    [InlineData(QualityOfService.AtLeastOnce)]
    [InlineData(QualityOfService.ExactlyOnce)]
    public void Resend_with_DUP_of_an_admitted_message_passes_as_a_retransmission(QualityOfService qos)
    {
        var stage = Stage();
        var original = Resend(4, qos, dup: false);
        Assert.True(stage.Evaluate(original).Admitted);
        Assert.False(original.IsRetransmission);

        var resend = Resend(4, qos, dup: true);
        Assert.True(stage.Evaluate(resend).Admitted);
        Assert.True(resend.IsRetransmission);
        // Nothing new was consumed or moved.
        Assert.Equal(4UL, stage.Find("acme", "dev-1")!.HighestSequence);
    }

    [Fact]
    public void Duplicate_without_DUP_at_QoS0_or_below_the_window_is_still_a_replay()
    {
        var stage = Stage(window: 64);
        Assert.True(stage.Evaluate(Resend(1, QualityOfService.AtLeastOnce, dup: false)).Admitted);
        Assert.True(stage.Evaluate(Resend(2, QualityOfService.AtMostOnce, dup: false)).Admitted);

        var withoutDup = Resend(1, QualityOfService.AtLeastOnce, dup: false);
        AssertRefused(stage.Evaluate(withoutDup), ReplayStage.DuplicateRefusal);
        Assert.False(withoutDup.IsRetransmission);
        // QoS 0 is never resent by MQTT, so a DUP there is not a resend.
        AssertRefused(stage.Evaluate(Resend(2, QualityOfService.AtMostOnce, dup: true)), ReplayStage.DuplicateRefusal);
        // A new sequence with DUP is simply new; one that fell below the window stays too old, DUP or not.
        Assert.True(stage.Evaluate(Resend(100, QualityOfService.AtLeastOnce, dup: true)).Admitted);
        AssertRefused(stage.Evaluate(Resend(1, QualityOfService.AtLeastOnce, dup: true)), ReplayStage.TooOldRefusal);
    }

    [Fact]
    public void Abandoned_sequence_is_admitted_once_more_then_refused_as_duplicate_again()
    {
        var stage = Stage();
        var first = Publish(7);
        Assert.True(stage.Evaluate(first).Admitted);
        Assert.True(stage.Evaluate(Publish(8)).Admitted);

        Assert.True(stage.Abandon(first));

        var resend = Publish(7);
        Assert.True(stage.Evaluate(resend).Admitted);
        AssertRefused(stage.Evaluate(Publish(7)), ReplayStage.DuplicateRefusal);
        // Only 7 was given back: 8 stays consumed, and the window did not move back.
        AssertRefused(stage.Evaluate(Publish(8)), ReplayStage.DuplicateRefusal);
        Assert.Equal(8UL, stage.Find("acme", "dev-1")!.HighestSequence);
    }

    [Fact]
    public void Abandon_gives_back_nothing_it_did_not_hold()
    {
        var stage = Stage(window: 64);
        Assert.True(stage.Evaluate(Publish(1)).Admitted);
        Assert.True(stage.Evaluate(Publish(100)).Admitted);

        // 1 fell below the window: it stays refused, as too old.
        Assert.False(stage.Abandon(Publish(1)));
        AssertRefused(stage.Evaluate(Publish(1)), ReplayStage.TooOldRefusal);
        // Never seen, another device, no envelope: nothing to give back.
        Assert.False(stage.Abandon(Publish(99)));
        Assert.False(stage.Abandon(Publish(100, device: "dev-2")));
        Assert.False(stage.Abandon(new AdmissionContext(new PublishPacket { Topic = "p/acme/d/dev-1/telemetry/t" }, "dev-1", "acme", Now)));
        AssertRefused(stage.Evaluate(Publish(100)), ReplayStage.DuplicateRefusal);
    }

    [Fact]
    public void Abandon_marks_the_window_for_the_write_behind()
    {
        var stage = Stage();
        var context = Publish(5);
        Assert.True(stage.Evaluate(context).Admitted);
        stage.MarkPersisted(stage.CaptureDirty());
        Assert.Empty(stage.CaptureDirty());

        Assert.True(stage.Abandon(context));

        var dirty = Assert.Single(stage.CaptureDirty());
        var restored = Stage();
        restored.Restore([dirty]);
        Assert.True(restored.Evaluate(Publish(5)).Admitted);
    }

    [Fact]
    public void Out_of_order_within_the_window_is_admitted_once()
    {
        var stage = Stage();
        Assert.True(stage.Evaluate(Publish(50)).Admitted);
        Assert.True(stage.Evaluate(Publish(40)).Admitted);

        AssertRefused(stage.Evaluate(Publish(40)), ReplayStage.DuplicateRefusal);
    }

    [Fact]
    public void Sequence_below_the_window_is_refused_as_too_old()
    {
        var stage = Stage(window: 64);
        Assert.True(stage.Evaluate(Publish(1_000)).Admitted);

        AssertRefused(stage.Evaluate(Publish(936)), ReplayStage.TooOldRefusal);
        Assert.True(stage.Evaluate(Publish(937)).Admitted);
    }

    [Fact]
    public void Sequence_zero_is_refused()
    {
        var stage = Stage();

        AssertRefused(stage.Evaluate(Publish(0)), ReplayStage.TooOldRefusal);
    }

    [Fact]
    public void Devices_have_separate_windows()
    {
        var stage = Stage();
        Assert.True(stage.Evaluate(Publish(7, device: "dev-1")).Admitted);

        Assert.True(stage.Evaluate(Publish(7, device: "dev-2")).Admitted);
        Assert.True(stage.Evaluate(Publish(7, device: "dev-1", participant: "other")).Admitted);
        AssertRefused(stage.Evaluate(Publish(7, device: "dev-2")), ReplayStage.DuplicateRefusal);
    }

    [Fact]
    public void Timestamp_older_than_the_past_skew_is_refused_as_stale_and_does_not_consume_the_sequence()
    {
        var stage = Stage(past: 30);

        AssertRefused(stage.Evaluate(Publish(1, ts: Now.AddSeconds(-30).AddMilliseconds(-1))), ReplayStage.StaleRefusal);
        Assert.True(stage.Evaluate(Publish(1, ts: Now.AddSeconds(-30))).Admitted);
    }

    [Fact]
    public void Timestamp_beyond_the_future_skew_is_refused_as_future()
    {
        var stage = Stage(future: 5);

        AssertRefused(stage.Evaluate(Publish(1, ts: Now.AddSeconds(5).AddMilliseconds(1))), ReplayStage.FutureRefusal);
        Assert.True(stage.Evaluate(Publish(1, ts: Now.AddSeconds(5))).Admitted);
    }

    [Fact]
    public void Skew_is_judged_against_the_admission_clock_as_it_moves()
    {
        var stage = Stage(past: 30);
        var sent = Now;

        Assert.True(stage.Evaluate(Publish(1, ts: sent, now: Now.AddSeconds(10))).Admitted);
        // The same capture replayed a minute later with a fresh sequence is stale anyway.
        AssertRefused(stage.Evaluate(Publish(2, ts: sent, now: Now.AddMinutes(1))), ReplayStage.StaleRefusal);
    }

    [Fact]
    public void Timestamp_floor_refuses_messages_from_before_it_and_never_moves_down()
    {
        var stage = Stage();
        stage.RaiseTimestampFloor(Now.AddSeconds(-2));
        stage.RaiseTimestampFloor(Now.AddSeconds(-20));

        Assert.Equal(Now.AddSeconds(-2), stage.TimestampFloor);
        AssertRefused(stage.Evaluate(Publish(1, ts: Now.AddSeconds(-2))), ReplayStage.StaleRefusal);
        Assert.True(stage.Evaluate(Publish(1, ts: Now.AddSeconds(-2).AddMilliseconds(1))).Admitted);
    }

    [Fact]
    public void Capture_dirty_returns_changed_windows_until_marked_persisted()
    {
        var stage = Stage();
        stage.Evaluate(Publish(1, device: "a"));
        stage.Evaluate(Publish(1, device: "b"));

        var first = stage.CaptureDirty();
        Assert.Equal(["a", "b"], first.Select(s => s.DeviceId).Order());
        Assert.Equal(2, stage.CaptureDirty().Count);

        stage.MarkPersisted(first);
        Assert.Empty(stage.CaptureDirty());

        stage.Evaluate(Publish(2, device: "b"));
        var second = Assert.Single(stage.CaptureDirty());
        Assert.Equal("b", second.DeviceId);
        Assert.Equal(2UL, second.HighestSequence);
    }

    [Fact]
    public void A_refused_message_does_not_make_its_window_dirty()
    {
        var stage = Stage();
        stage.Evaluate(Publish(5));
        stage.MarkPersisted(stage.CaptureDirty());

        stage.Evaluate(Publish(5));

        Assert.Empty(stage.CaptureDirty());
    }

    [Fact]
    public void Restored_windows_refuse_what_was_admitted_before()
    {
        var before = Stage();
        before.Evaluate(Publish(10));
        before.Evaluate(Publish(8));

        var after = Stage();
        after.Restore(before.CaptureDirty());

        AssertRefused(after.Evaluate(Publish(10)), ReplayStage.DuplicateRefusal);
        AssertRefused(after.Evaluate(Publish(8)), ReplayStage.DuplicateRefusal);
        Assert.True(after.Evaluate(Publish(9)).Admitted);
        Assert.Equal(10UL, Assert.Single(after.CaptureDirty()).HighestSequence);
    }

    [Fact]
    public void Concurrent_overlapping_connections_of_one_device_admit_each_sequence_once()
    {
        var stage = Stage(window: 4096);
        var admitted = new int[2_001];
        // Two "connections" send the same 2,000 sequences at once (a reconnect overlapping the old connection).
        Parallel.For(0, 2, _ =>
        {
            for (ulong s = 1; s <= 2_000; s++)
            {
                if (stage.Evaluate(Publish(s)).Admitted)
                {
                    Interlocked.Increment(ref admitted[s]);
                }
            }
        });

        Assert.All(admitted.Skip(1), count => Assert.Equal(1, count));
    }

    [Fact]
    public void Admitting_and_refusing_allocate_nothing_once_the_device_has_a_window()
    {
        var stage = Stage(window: 64);
        var contexts = Enumerable.Range(1, 300).Select(i => Publish((ulong)i)).ToArray();
        var stale = Publish(1, ts: Now.AddMinutes(-5));
        var noEnvelope = new AdmissionContext(new PublishPacket { Topic = "p/acme/d/dev-1/telemetry/t" }, "dev-1", "acme", Now);
        stage.Evaluate(contexts[0]); // creates the window
        stage.Evaluate(stale);
        stage.Evaluate(noEnvelope);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var admitted = 0;
        foreach (var context in contexts.AsSpan(1))
        {
            admitted += stage.Evaluate(context).Admitted ? 1 : 0; // admitted, window moves (and wraps)
            admitted += stage.Evaluate(context).Admitted ? 1 : 0; // duplicate
        }

        admitted += stage.Evaluate(contexts[0]).Admitted ? 1 : 0; // too old
        admitted += stage.Evaluate(stale).Admitted ? 1 : 0;
        admitted += stage.Evaluate(noEnvelope).Admitted ? 1 : 0;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(299 + 1, admitted);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Invalid_options_are_refused_at_construction()
    {
        var error = Assert.Throws<ArgumentException>(() => Stage(window: 1000));

        Assert.Contains("Window", error.Message, StringComparison.Ordinal);
    }
}
