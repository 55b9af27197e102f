using Microsoft.Data.Sqlite;
using Palisade.Infrastructure.Storage;

namespace Palisade.Infrastructure.Audit;

/// <summary>
/// The audit log file (&lt;data&gt;/audit.db): appends hash-chained records in one transaction per batch, writes
/// signed checkpoints, verifies, and reads. Several processes may append at once (the server and the CLI): each batch
/// takes the write lock (BEGIN IMMEDIATE) and reads the chain head inside it, so the chain never forks.
/// </summary>
internal sealed class AuditStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    private static readonly string[] InsertParameterNames =
        ["$seq", "$time", "$actor", "$action", "$target", "$outcome", "$reason", "$source", "$node", "$prev", "$hash"];

    private AuditStore(SqliteConnection connection) => _connection = connection;

    public static AuditStore Open(DataFolder data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new AuditStore(SqliteDatabase.Open(data.AuditDatabasePath, AuditSchema.Migrations));
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>Appends <paramref name="events"/> as one transaction (group commit). Returns the last sequence number written.</summary>
    public long Append(IReadOnlyList<AuditEvent> events, string node)
    {
        ArgumentNullException.ThrowIfNull(events);
        lock (_gate)
        {
            using var tx = SqliteDatabase.BeginImmediate(_connection);
            var (seq, previous) = Head(tx);
            using var insert = _connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = """
                INSERT INTO audit_records (seq, time_utc, actor, action, target, outcome, reason, source, node, prev_hash, hash)
                VALUES ($seq, $time, $actor, $action, $target, $outcome, $reason, $source, $node, $prev, $hash)
                """;
            var parameters = InsertParameterNames
                .Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
            insert.Prepare();
            foreach (var e in events)
            {
                seq++;
                var time = AuditChain.FormatTime(e.Time);
                var hash = AuditChain.ComputeHash(seq, previous, time, e.Actor, e.Action, e.Target, e.Outcome, e.Reason, e.SourceAddress, node);
                object?[] values = [seq, time, e.Actor, e.Action, e.Target, e.Outcome, e.Reason, e.SourceAddress, node, previous, hash];
                for (var i = 0; i < values.Length; i++)
                {
                    parameters[i].Value = values[i] ?? DBNull.Value;
                }

                insert.ExecuteNonQuery();
                previous = hash;
            }

            tx.Commit();
            return seq;
        }
    }

    /// <summary>Signs the current head of the chain. Does nothing on an empty log or when the head is already covered.</summary>
    public long? WriteCheckpoint(AuditSigningKey key, string node, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            using var tx = SqliteDatabase.BeginImmediate(_connection);
            var (seq, hash) = Head(tx);
            if (seq == 0 || LastCheckpointSeq(tx) >= seq)
            {
                tx.Commit();
                return null;
            }

            var time = AuditChain.FormatTime(now);
            var signature = key.Sign(AuditChain.CheckpointPayload(seq, hash, time, node, key.KeyId));
            using var insert = _connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO audit_checkpoints (seq, hash, time_utc, node, key_id, signature) VALUES ($s, $h, $t, $n, $k, $sig)";
            insert.Parameters.AddWithValue("$s", seq);
            insert.Parameters.AddWithValue("$h", hash);
            insert.Parameters.AddWithValue("$t", time);
            insert.Parameters.AddWithValue("$n", node);
            insert.Parameters.AddWithValue("$k", key.KeyId);
            insert.Parameters.AddWithValue("$sig", signature);
            insert.ExecuteNonQuery();
            tx.Commit();
            return seq;
        }
    }

    /// <summary>
    /// Checks the whole log: sequence numbers 1, 2, 3... without gaps, each record's hash over its content, each
    /// record's link to the previous hash, each checkpoint's signature, and that each checkpointed record is still
    /// there with the signed hash (so removing the tail behind a checkpoint is caught). Stops at the first problem.
    /// </summary>
    public AuditVerification Verify(AuditSigningKey? verifier)
    {
        lock (_gate)
        {
            var checkpoints = ReadCheckpoints();
            var lastCheckpointSeq = checkpoints.Count == 0 ? 0 : checkpoints.Max(c => c.Seq);
            var bySeq = checkpoints.ToLookup(c => c.Seq);
            var checkedCheckpoints = 0;

            // Signatures first: a forged checkpoint makes every later comparison meaningless.
            foreach (var cp in checkpoints)
            {
                if (verifier is null)
                {
                    return Fail(0, checkedCheckpoints, null, $"checkpoint {cp.Id}: no audit verification key (keys/{AuditSigningKey.PublicKeyFileName}) in the data folder", 0, lastCheckpointSeq);
                }

                if (cp.KeyId != verifier.KeyId || !verifier.Verify(AuditChain.CheckpointPayload(cp.Seq, cp.Hash, cp.Time, cp.Node, cp.KeyId), cp.Signature))
                {
                    return Fail(0, checkedCheckpoints, cp.Seq, $"checkpoint {cp.Id} (record {cp.Seq}): signature does not verify", 0, lastCheckpointSeq);
                }
            }

            long expected = 1;
            var previous = AuditChain.GenesisHash;
            using (var command = _connection.CreateCommand())
            {
                command.CommandText = "SELECT seq, time_utc, actor, action, target, outcome, reason, source, node, prev_hash, hash FROM audit_records ORDER BY seq";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var record = ReadRecord(reader);
                    if (record.Seq != expected)
                    {
                        return Fail(expected - 1, checkedCheckpoints, expected,
                            $"record {expected} is missing (the next record is {record.Seq})", record.Seq, lastCheckpointSeq);
                    }

                    // Own hash first: it covers seq and prev_hash, so an edited or moved record is named itself.
                    if (!AuditChain.ComputeHash(record).AsSpan().SequenceEqual(record.Hash))
                    {
                        return Fail(expected - 1, checkedCheckpoints, expected,
                            $"record {expected} was altered or moved: its content does not match its hash", record.Seq, lastCheckpointSeq);
                    }

                    if (!record.PreviousHash.AsSpan().SequenceEqual(previous))
                    {
                        // This record is intact (its hash matched, and it covers its prev_hash), yet it links to a
                        // hash the record before does not have: that one was rewritten with a recomputed hash.
                        var culprit = expected == 1 ? 1 : expected - 1;
                        return Fail(expected - 1, checkedCheckpoints, culprit,
                            $"record {culprit} was altered or replaced: record {expected} links to a different hash", record.Seq, lastCheckpointSeq);
                    }

                    foreach (var cp in bySeq[record.Seq])
                    {
                        if (!cp.Hash.AsSpan().SequenceEqual(record.Hash))
                        {
                            return Fail(expected - 1, checkedCheckpoints, expected,
                                $"record {expected} differs from the hash signed in checkpoint {cp.Id}", record.Seq, lastCheckpointSeq);
                        }

                        checkedCheckpoints++;
                    }

                    previous = record.Hash;
                    expected++;
                }
            }

            var last = expected - 1;
            if (lastCheckpointSeq > last)
            {
                return Fail(last, checkedCheckpoints, last + 1,
                    $"records {last + 1}..{lastCheckpointSeq} are missing: a signed checkpoint covers record {lastCheckpointSeq} but the log ends at {last} (tail removed)",
                    last, lastCheckpointSeq);
            }

            return new AuditVerification(true, last, checkedCheckpoints, null, null, last, lastCheckpointSeq);
        }
    }

    /// <summary>The last <paramref name="count"/> records, oldest first.</summary>
    public IReadOnlyList<AuditRecord> Tail(int count)
    {
        lock (_gate)
        {
            var rows = Read("SELECT seq, time_utc, actor, action, target, outcome, reason, source, node, prev_hash, hash FROM audit_records ORDER BY seq DESC LIMIT $n",
                ("$n", Math.Max(0, count)));
            rows.Reverse();
            return rows;
        }
    }

    public IReadOnlyList<AuditRecord> Search(AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = new List<string>();
        var parameters = new List<(string, object?)>();
        void Add(string clause, string name, object? value)
        {
            if (value is not null)
            {
                where.Add(clause);
                parameters.Add((name, value));
            }
        }

        Add("actor = $actor", "$actor", query.Actor);
        Add("action = $action", "$action", query.Action);
        Add("outcome = $outcome", "$outcome", query.Outcome);
        Add("target = $target", "$target", query.Target);
        Add("time_utc >= $since", "$since", query.Since is { } s ? AuditChain.FormatTime(s) : null);
        Add("time_utc < $until", "$until", query.Until is { } u ? AuditChain.FormatTime(u) : null);
        parameters.Add(("$limit", Math.Max(1, query.Limit)));
        var sql = "SELECT seq, time_utc, actor, action, target, outcome, reason, source, node, prev_hash, hash FROM audit_records"
            + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY seq LIMIT $limit";
        lock (_gate)
        {
            return Read(sql, [.. parameters]);
        }
    }

    public long Count()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM audit_records";
            return (long)command.ExecuteScalar()!;
        }
    }

    private (long Seq, byte[] Hash) Head(SqliteTransaction tx)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT seq, hash FROM audit_records ORDER BY seq DESC LIMIT 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), (byte[])reader[1]) : (0, AuditChain.GenesisHash);
    }

    private long LastCheckpointSeq(SqliteTransaction tx)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM audit_checkpoints";
        return (long)command.ExecuteScalar()!;
    }

    private sealed record Checkpoint(long Id, long Seq, byte[] Hash, string Time, string Node, string KeyId, byte[] Signature);

    private List<Checkpoint> ReadCheckpoints()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT id, seq, hash, time_utc, node, key_id, signature FROM audit_checkpoints ORDER BY id";
        using var reader = command.ExecuteReader();
        var list = new List<Checkpoint>();
        while (reader.Read())
        {
            list.Add(new Checkpoint(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader[2], reader.GetString(3), reader.GetString(4), reader.GetString(5), (byte[])reader[6]));
        }

        return list;
    }

    private List<AuditRecord> Read(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        using var reader = command.ExecuteReader();
        var rows = new List<AuditRecord>();
        while (reader.Read())
        {
            rows.Add(ReadRecord(reader));
        }

        return rows;
    }

    private static AuditRecord ReadRecord(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
        r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), r.GetString(8),
        r.IsDBNull(9) ? [] : r.GetFieldValue<byte[]>(9), r.IsDBNull(10) ? [] : r.GetFieldValue<byte[]>(10));

    private static AuditVerification Fail(long checkedCount, int checkpoints, long? firstBad, string problem, long lastSeq, long lastCheckpointSeq) =>
        new(false, checkedCount, checkpoints, firstBad, problem, lastSeq, lastCheckpointSeq);
}
