using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Palisade.Admission.Pipeline;
using Palisade.Admission.Replay;
using Palisade.Edge.Replay;
using Palisade.Infrastructure.Storage;
using Palisade.Mqtt.Packets;

namespace Palisade.Tests.Edge.Replay;

/// <summary>Anti-replay state across restarts, on real SQLite files in a temp data folder.</summary>
public sealed class ReplayRuntimeTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 1, 0, 0, TimeSpan.Zero);
    private static readonly ReplayOptions Options = new() { Window = 128, MaxPastSkewSeconds = 30, MaxFutureSkewSeconds = 5 };

    private readonly string _data = Path.Combine(Path.GetTempPath(), "palisade-replay-" + Guid.NewGuid().ToString("N"));
    private readonly ManualClock _clock = new(Start);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private ReplayRuntime Open() => new(_data, Options, _clock, NullLogger<ReplayRuntime>.Instance);

    private AdmissionContext Publish(ulong seq, DateTimeOffset ts, string device = "dev-1") =>
        new(new PublishPacket { Topic = $"p/acme/d/{device}/telemetry/t" }, device, "acme", _clock.Now)
        {
            Envelope = new EnvelopeFacts("k1", seq, ts),
        };

    [Fact]
    public void Windows_persisted_by_a_flush_refuse_duplicates_after_a_restart()
    {
        var sent = new List<AdmissionContext>();
        using (var first = Open())
        {
            foreach (var seq in new ulong[] { 1, 2, 3, 10, 7 })
            {
                var message = Publish(seq, _clock.Now);
                Assert.True(first.Stage.Evaluate(message).Admitted);
                sent.Add(message);
            }

            Assert.Equal(1, first.Flush());
            Assert.Equal(0, first.Flush());
            first.Shutdown();
        }

        _clock.Now += TimeSpan.FromSeconds(3);
        using var second = Open();

        Assert.True(second.PreviousStopWasClean);
        Assert.Null(second.Stage.TimestampFloor);
        foreach (var original in sent)
        {
            // The very same envelopes, replayed with the clock after the restart.
            var replay = Publish(original.Envelope!.Value.Sequence, original.Envelope.Value.Timestamp);
            Assert.Equal(ReplayStage.DuplicateRefusal, second.Stage.Evaluate(replay).Refusal);
        }

        Assert.True(second.Stage.Evaluate(Publish(8, _clock.Now)).Admitted);
        Assert.True(second.Stage.Evaluate(Publish(11, _clock.Now)).Admitted);
    }

    [Fact]
    public void Final_flush_at_shutdown_writes_what_the_interval_had_not_yet_written()
    {
        using (var first = Open())
        {
            first.Stage.Evaluate(Publish(1, _clock.Now));
            first.Flush();
            first.Stage.Evaluate(Publish(2, _clock.Now, device: "dev-2"));
            first.Shutdown();
        }

        using var second = Open();

        Assert.True(second.PreviousStopWasClean);
        Assert.Equal(ReplayStage.DuplicateRefusal, second.Stage.Evaluate(Publish(2, _clock.Now, device: "dev-2")).Refusal);
        Assert.Equal(2, second.Stage.DeviceCount);
    }

    [Fact]
    public void After_an_unclean_stop_a_message_whose_window_update_was_lost_cannot_be_replayed()
    {
        var crashAt = Start;
        AdmissionContext lost;
        using (var first = Open())
        {
            first.Stage.Evaluate(Publish(1, _clock.Now));
            first.Flush();
            lost = Publish(2, _clock.Now);
            Assert.True(first.Stage.Evaluate(lost).Admitted);
            // Crash: no flush of sequence 2, no Shutdown (the container's Dispose only closes the file).
        }

        _clock.Now = crashAt + TimeSpan.FromSeconds(2);
        using var second = Open();

        Assert.False(second.PreviousStopWasClean);
        Assert.Equal(1UL, second.Stage.Find("acme", "dev-1")!.HighestSequence);
        Assert.Equal(_clock.Now + Options.MaxFutureSkew, second.Stage.TimestampFloor);
        // Inside the skew window and above the persisted highest: only the floor stops it.
        var replay = Publish(2, lost.Envelope!.Value.Timestamp);
        Assert.Equal(ReplayStage.StaleRefusal, second.Stage.Evaluate(replay).Refusal);
        // Even one whose device clock ran ahead by the full future skew.
        Assert.Equal(ReplayStage.StaleRefusal, second.Stage.Evaluate(Publish(2, crashAt + Options.MaxFutureSkew)).Refusal);

        // The device's next messages, timestamped after the floor, flow.
        _clock.Now += Options.MaxFutureSkew + TimeSpan.FromMilliseconds(1);
        Assert.True(second.Stage.Evaluate(Publish(3, _clock.Now)).Admitted);
    }

    [Fact]
    public void A_clean_restart_after_an_unclean_one_sets_no_floor()
    {
        using (var crashed = Open())
        {
            crashed.Stage.Evaluate(Publish(1, _clock.Now));
        }

        using (var recovered = Open())
        {
            Assert.False(recovered.PreviousStopWasClean);
            recovered.Shutdown();
        }

        using var third = Open();

        Assert.True(third.PreviousStopWasClean);
        Assert.Null(third.Stage.TimestampFloor);
        Assert.True(third.Stage.Evaluate(Publish(1, _clock.Now.AddSeconds(-1))).Admitted);
    }

    [Fact]
    public void Store_round_trips_the_largest_sequence_and_a_missing_timestamp()
    {
        var bitmap = new byte[16];
        bitmap[3] = 0b1010_0001;
        using (var store = ReplayStateStore.Open(DataFolder.Open(_data)))
        {
            store.Save(
            [
                new ReplayWindowState("acme", "max", ulong.MaxValue, bitmap, Start, 7),
                new ReplayWindowState("acme", "none", 5, new byte[8], null, 1),
            ], Start);
            store.Save([new ReplayWindowState("acme", "none", 6, new byte[8], Start, 2)], Start);
        }

        using var reopened = ReplayStateStore.Open(DataFolder.Open(_data));
        var loaded = reopened.LoadAll().OrderBy(s => s.DeviceId, StringComparer.Ordinal).ToList();

        Assert.Equal(2, loaded.Count);
        Assert.Equal(ulong.MaxValue, loaded[0].HighestSequence);
        Assert.Equal(bitmap, loaded[0].Bitmap.ToArray());
        Assert.Equal(Start, loaded[0].LastTimestamp);
        Assert.Equal(6UL, loaded[1].HighestSequence);
        Assert.Equal(Start, loaded[1].LastTimestamp);
    }

    [Fact]
    public void Replay_state_lives_in_the_registry_database_as_migration_3()
    {
        using (Open())
        {
        }

        using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "palisade.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM schema_migrations WHERE version = 3";
        Assert.Equal("replay state", command.ExecuteScalar());
    }
}
