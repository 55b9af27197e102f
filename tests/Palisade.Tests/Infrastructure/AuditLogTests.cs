using Palisade.Infrastructure.Audit;
using Palisade.Infrastructure.Storage;

namespace Palisade.Tests.Infrastructure;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // checks POSIX file modes
public sealed class AuditLogTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly DataFolder _data;

    public AuditLogTests() => _data = DataFolder.Open(_temp.Data);

    public void Dispose() => _temp.Dispose();

    private static AuditEvent Event(int i) =>
        new(new DateTimeOffset(2026, 11, 25, 12, 0, i % 60, TimeSpan.Zero), $"device:d{i}", "connect", $"device:d{i}", AuditOutcome.Refused, $"0x87 reason {i}", "10.0.0." + (i % 250));

    private void Write(int count, bool checkpoint = true)
    {
        using var store = AuditStore.Open(_data);
        using var key = AuditSigningKey.LoadOrCreate(_data);
        store.Append([.. Enumerable.Range(1, count).Select(Event)], "node-1");
        if (checkpoint)
        {
            store.WriteCheckpoint(key, "node-1", DateTimeOffset.UtcNow);
        }
    }

    private AuditVerification Verify()
    {
        using var store = AuditStore.Open(_data);
        using var verifier = AuditSigningKey.LoadVerifier(_data);
        return store.Verify(verifier);
    }

    [Fact]
    public void Untouched_log_verifies_with_its_checkpoint()
    {
        Write(10);
        var result = Verify();
        Assert.True(result.Ok, result.Problem);
        Assert.Equal(10, result.RecordsChecked);
        Assert.Equal(1, result.CheckpointsChecked);
        Assert.Equal(10, result.LastCheckpointSeq);
    }

    [Fact]
    public void Appends_from_two_writers_extend_one_chain()
    {
        Write(3);
        Write(4);
        var result = Verify();
        Assert.True(result.Ok, result.Problem);
        Assert.Equal(7, result.LastSeq);
        Assert.Equal(2, result.CheckpointsChecked);
    }

    [Fact]
    public void Sql_update_and_delete_are_refused_by_the_append_only_triggers()
    {
        Write(3);
        var update = Assert.Throws<InvalidOperationException>(() => Sqlite3Tool.Run(_data.AuditDatabasePath, "UPDATE audit_records SET outcome = 'success' WHERE seq = 2;"));
        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => Sqlite3Tool.Run(_data.AuditDatabasePath, "DELETE FROM audit_records WHERE seq = 3;"));
        Assert.True(Verify().Ok);
    }

    [Fact]
    public void Record_edited_with_sqlite3_is_named_by_verify()
    {
        Write(10);
        Sqlite3Tool.Run(_data.AuditDatabasePath, "DROP TRIGGER audit_records_no_update; UPDATE audit_records SET outcome = 'success' WHERE seq = 6;");
        var result = Verify();
        Assert.False(result.Ok);
        Assert.Equal(6, result.FirstBadSeq);
        Assert.Contains("record 6", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_deleted_with_sqlite3_is_named_by_verify()
    {
        Write(10);
        Sqlite3Tool.Run(_data.AuditDatabasePath, "DROP TRIGGER audit_records_no_delete; DELETE FROM audit_records WHERE seq = 4;");
        var result = Verify();
        Assert.False(result.Ok);
        Assert.Equal(4, result.FirstBadSeq);
        Assert.Contains("missing", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_reordered_with_sqlite3_are_caught_at_the_first_moved_record()
    {
        Write(10);
        Sqlite3Tool.Run(_data.AuditDatabasePath,
            "DROP TRIGGER audit_records_no_update; UPDATE audit_records SET seq = -1 WHERE seq = 3; UPDATE audit_records SET seq = 3 WHERE seq = 4; UPDATE audit_records SET seq = 4 WHERE seq = -1;");
        var result = Verify();
        Assert.False(result.Ok);
        Assert.Equal(3, result.FirstBadSeq);
    }

    [Fact]
    public void Record_rewritten_with_a_recomputed_hash_is_caught_by_the_next_link()
    {
        Write(10);
        // An attacker who knows the format recomputes record 5's own hash after editing it; record 6 still links to the old one.
        using (var store = AuditStore.Open(_data))
        {
            var r5 = store.Tail(10).Single(r => r.Seq == 5) with { Outcome = "success" };
            var forged = Convert.ToHexString(AuditChain.ComputeHash(r5));
            Sqlite3Tool.Run(_data.AuditDatabasePath, $"DROP TRIGGER audit_records_no_update; UPDATE audit_records SET outcome = 'success', hash = X'{forged}' WHERE seq = 5;");
        }

        var result = Verify();
        Assert.False(result.Ok);
        Assert.Equal(5, result.FirstBadSeq);
    }

    [Fact]
    public void Tail_removed_behind_a_signed_checkpoint_is_detected()
    {
        Write(10);
        Sqlite3Tool.Run(_data.AuditDatabasePath, "DROP TRIGGER audit_records_no_delete; DELETE FROM audit_records WHERE seq > 7;");
        var result = Verify();
        Assert.False(result.Ok);
        Assert.Equal(8, result.FirstBadSeq);
        Assert.Contains("tail removed", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Forged_checkpoint_is_detected()
    {
        Write(5);
        Sqlite3Tool.Run(_data.AuditDatabasePath,
            "INSERT INTO audit_checkpoints (seq, hash, time_utc, node, key_id, signature) SELECT seq, hash, time_utc, node, key_id, X'3045022100' FROM audit_checkpoints;");
        var result = Verify();
        Assert.False(result.Ok);
        Assert.Contains("signature", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Signing_key_is_owner_only()
    {
        using var key = AuditSigningKey.LoadOrCreate(_data);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_data.KeysDirectory, AuditSigningKey.PrivateKeyFileName)));
    }

    [Fact]
    public void Canonical_encoding_distinguishes_null_from_empty_and_field_boundaries()
    {
        var prev = AuditChain.GenesisHash;
        var a = AuditChain.ComputeHash(1, prev, "t", "ab", "c", "x", "o", null, null, "n");
        var b = AuditChain.ComputeHash(1, prev, "t", "a", "bc", "x", "o", null, null, "n");
        var c = AuditChain.ComputeHash(1, prev, "t", "ab", "c", "x", "o", "", null, "n");
        Assert.NotEqual(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public async Task Background_writer_commits_queued_events_and_signs_a_checkpoint_at_shutdown()
    {
        var store = AuditStore.Open(_data);
        var key = AuditSigningKey.LoadOrCreate(_data);
        await using (var log = new AuditLog(store, key, new AuditLogOptions { CheckpointEveryRecords = 100_000, Node = "node-1" }))
        {
            for (var i = 1; i <= 250; i++)
            {
                await log.WriteAsync(Event(i));
            }
        }

        Assert.Equal(250, store.Count());
        var result = store.Verify(key);
        Assert.True(result.Ok, result.Problem);
        Assert.Equal(250, result.LastCheckpointSeq);
        store.Dispose();
        key.Dispose();
    }

    [Fact]
    public async Task Writer_signs_a_checkpoint_every_n_records()
    {
        var store = AuditStore.Open(_data);
        var key = AuditSigningKey.LoadOrCreate(_data);
        await using (var log = new AuditLog(store, key, new AuditLogOptions { CheckpointEveryRecords = 10, MaxBatch = 10, Node = "node-1" }))
        {
            for (var i = 1; i <= 30; i++)
            {
                await log.WriteAsync(Event(i));
            }
        }

        var result = store.Verify(key);
        Assert.True(result.Ok, result.Problem);
        Assert.True(result.CheckpointsChecked >= 3, $"{result.CheckpointsChecked} checkpoints");
        store.Dispose();
        key.Dispose();
    }

    [Fact]
    public async Task Event_that_cannot_be_queued_is_counted_and_reported_in_the_chain()
    {
        var store = AuditStore.Open(_data);
        var key = AuditSigningKey.LoadOrCreate(_data);
        long lost;
        // Hold the write lock so the writer cannot drain: the 1-slot queue fills, TryWrite must refuse.
        using (var blocker = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_data.AuditDatabasePath};Pooling=False"))
        {
            blocker.Open();
            using var tx = blocker.BeginTransaction(deferred: false);
            await using var log = new AuditLog(store, key, new AuditLogOptions { QueueCapacity = 1, MaxBatch = 1, Node = "node-1" });
            var refused = 0;
            for (var i = 0; i < 50 && refused == 0; i++)
            {
                if (!log.TryWrite(Event(i)))
                {
                    refused++;
                }
            }

            Assert.Equal(1, refused);
            lost = log.LostCount;
            Assert.Equal(1, lost);
            tx.Rollback();
        }

        var alerts = store.Search(new AuditQuery(Action: "audit.lost"));
        var alert = Assert.Single(alerts);
        Assert.Equal(AuditOutcome.Alert, alert.Outcome);
        Assert.True(store.Verify(key).Ok);
        store.Dispose();
        key.Dispose();
    }

    [Fact]
    public void Search_filters_by_actor_action_outcome_and_time()
    {
        using (var store = AuditStore.Open(_data))
        {
            store.Append(
            [
                new AuditEvent(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), "device:a", "connect", "device:a", AuditOutcome.Success),
                new AuditEvent(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero), "device:b", "connect", "device:b", AuditOutcome.Refused, "0x87"),
                new AuditEvent(new DateTimeOffset(2026, 1, 3, 0, 0, 0, TimeSpan.Zero), "device:b", "subscribe", "#", AuditOutcome.Refused, "0x87"),
            ], "n");
            Assert.Equal(2, store.Search(new AuditQuery(Actor: "device:b")).Count);
            Assert.Single(store.Search(new AuditQuery(Actor: "device:b", Action: "connect")));
            Assert.Equal(2, store.Search(new AuditQuery(Outcome: AuditOutcome.Refused)).Count);
            Assert.Single(store.Search(new AuditQuery(Since: new DateTimeOffset(2026, 1, 2, 12, 0, 0, TimeSpan.Zero))));
            Assert.Single(store.Search(new AuditQuery(Until: new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero))));
            Assert.Equal([2L, 3L], store.Tail(2).Select(r => r.Seq));
        }
    }
}
