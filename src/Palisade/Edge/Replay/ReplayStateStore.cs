using Microsoft.Data.Sqlite;
using Palisade.Admission.Replay;
using Palisade.Infrastructure.Storage;

namespace Palisade.Edge.Replay;

/// <summary>
/// The anti-replay windows in the registry (<c>replay_state</c>, <c>replay_run</c>; migration 3 of
/// <see cref="RegistrySchema"/>). Its own connection to palisade.db (WAL: registry readers and the CLI are not
/// blocked), used by one writer at a time: the write-behind of <see cref="ReplayRuntime"/>. Not thread-safe.
/// </summary>
internal sealed class ReplayStateStore : IDisposable
{
    private readonly SqliteConnection _connection;

    private ReplayStateStore(SqliteConnection connection) => _connection = connection;

    public static ReplayStateStore Open(DataFolder data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new ReplayStateStore(SqliteDatabase.Open(data.RegistryDatabasePath, RegistrySchema.Migrations));
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>Every persisted window.</summary>
    public IReadOnlyList<ReplayWindowState> LoadAll()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT participant_id, device_id, highest_seq, bitmap, last_ts_ms FROM replay_state";
        using var reader = command.ExecuteReader();
        var states = new List<ReplayWindowState>();
        while (reader.Read())
        {
            states.Add(new ReplayWindowState(
                reader.GetString(0),
                reader.GetString(1),
                unchecked((ulong)reader.GetInt64(2)),
                (byte[])reader[3],
                reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                Version: 0));
        }

        return states;
    }

    /// <summary>Writes <paramref name="states"/> in one transaction (one fsync for the whole batch).</summary>
    public void Save(IReadOnlyList<ReplayWindowState> states, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(states);
        if (states.Count == 0)
        {
            return;
        }

        using var tx = SqliteDatabase.BeginImmediate(_connection);
        using var command = _connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            INSERT INTO replay_state (participant_id, device_id, highest_seq, bitmap, last_ts_ms, updated_utc)
            VALUES ($p, $d, $h, $b, $ts, $u)
            ON CONFLICT (participant_id, device_id) DO UPDATE SET
                highest_seq = excluded.highest_seq, bitmap = excluded.bitmap,
                last_ts_ms = excluded.last_ts_ms, updated_utc = excluded.updated_utc
            """;
        var participant = command.Parameters.Add("$p", SqliteType.Text);
        var device = command.Parameters.Add("$d", SqliteType.Text);
        var highest = command.Parameters.Add("$h", SqliteType.Integer);
        var bitmap = command.Parameters.Add("$b", SqliteType.Blob);
        var timestamp = command.Parameters.Add("$ts", SqliteType.Integer);
        command.Parameters.AddWithValue("$u", RegistryStore.Time(now));
        command.Prepare();
        foreach (var state in states)
        {
            participant.Value = state.ParticipantId;
            device.Value = state.DeviceId;
            highest.Value = unchecked((long)state.HighestSequence);
            bitmap.Value = state.Bitmap.ToArray();
            timestamp.Value = state.LastTimestamp is { } ts ? ts.ToUnixTimeMilliseconds() : DBNull.Value;
            command.ExecuteNonQuery();
        }

        tx.Commit();
    }

    /// <summary>
    /// Marks this run as started and tells whether the previous one stopped cleanly (true also on first start, when
    /// there was no previous run).
    /// </summary>
    public bool BeginRun(DateTimeOffset now)
    {
        using var tx = SqliteDatabase.BeginImmediate(_connection);
        bool previousClean;
        using (var read = _connection.CreateCommand())
        {
            read.Transaction = tx;
            read.CommandText = "SELECT running FROM replay_run WHERE id = 1";
            previousClean = read.ExecuteScalar() is not long running || running == 0;
        }

        using var write = _connection.CreateCommand();
        write.Transaction = tx;
        write.CommandText = """
            INSERT INTO replay_run (id, running, started_utc, stopped_utc) VALUES (1, 1, $t, NULL)
            ON CONFLICT (id) DO UPDATE SET running = 1, started_utc = excluded.started_utc, stopped_utc = NULL
            """;
        write.Parameters.AddWithValue("$t", RegistryStore.Time(now));
        write.ExecuteNonQuery();
        tx.Commit();
        return previousClean;
    }

    /// <summary>Marks this run as stopped cleanly; call only after the final flush has been written.</summary>
    public void EndRun(DateTimeOffset now)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "UPDATE replay_run SET running = 0, stopped_utc = $t WHERE id = 1";
        command.Parameters.AddWithValue("$t", RegistryStore.Time(now));
        command.ExecuteNonQuery();
    }
}
