using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Palisade.Infrastructure.Storage;

namespace Palisade.Infrastructure.Telemetry;

/// <summary>
/// The embedded store: <c>telemetry.db</c> in the data folder, WAL journal, one connection used only by the writer,
/// one prepared INSERT reused for every row, one transaction per batch.
/// </summary>
/// <remarks>
/// <c>synchronous=FULL</c> (default) fsyncs the WAL at each commit: an acknowledged message survives a power loss.
/// Group commit makes that one fsync per batch, not per message. <c>normal</c> skips it: still safe against a kill -9
/// of the process (committed WAL frames are already written to the OS), not against power loss.
/// </remarks>
internal sealed class SqliteTelemetryStore : TelemetryStore
{
    private readonly string _path;
    private readonly bool _fullSync;
    private SqliteConnection? _connection;
    private SqliteCommand? _insert;
    private SqliteParameter[] _parameters = [];

    public SqliteTelemetryStore(string path, TelemetryOptions options, TimeProvider time, ILogger logger)
        : base(options, time, logger)
    {
        _path = path;
        _fullSync = !string.Equals(options.Synchronous?.Trim(), "normal", StringComparison.OrdinalIgnoreCase);
        Open();
        TelemetryLog.StoreOpened(logger, "sqlite", path);
        StartWriter();
    }

    public string Path => _path;

    private void Open()
    {
        var connection = SqliteDatabase.Open(_path, TelemetrySchema.Migrations);
        try
        {
            if (!_fullSync)
            {
                SqliteDatabase.Execute(connection, "PRAGMA synchronous=NORMAL;");
            }

            var insert = connection.CreateCommand();
            insert.CommandText = TelemetrySchema.SqliteInsert;
            _parameters =
            [
                insert.Parameters.Add("$received", SqliteType.Integer),
                insert.Parameters.Add("$participant", SqliteType.Text),
                insert.Parameters.Add("$device", SqliteType.Text),
                insert.Parameters.Add("$topic", SqliteType.Text),
                insert.Parameters.Add("$qos", SqliteType.Integer),
                insert.Parameters.Add("$class", SqliteType.Integer),
                insert.Parameters.Add("$seq", SqliteType.Integer),
                insert.Parameters.Add("$payload", SqliteType.Blob),
            ];
            insert.Prepare();
            _connection = connection;
            _insert = insert;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    protected override ValueTask WriteBatchAsync(IReadOnlyList<TelemetryRecord> batch)
    {
        if (_connection is null)
        {
            Open();
        }

        var insert = _insert!;
        var p = _parameters;
        using var transaction = SqliteDatabase.BeginImmediate(_connection!);
        insert.Transaction = transaction;
        foreach (var record in batch)
        {
            p[0].Value = record.ReceivedUnixMs;
            p[1].Value = record.Participant;
            p[2].Value = record.Device;
            p[3].Value = record.Topic;
            p[4].Value = (long)record.QoS;
            p[5].Value = (long)record.TrafficClass;
            p[6].Value = record.EnvelopeSequence is { } seq ? seq : DBNull.Value;
            p[7].Value = AsArray(record.Payload);
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        insert.Transaction = null;
        return ValueTask.CompletedTask;
    }

    /// <summary>The payload's own array when it is one whole array (the codec's usual case), otherwise a copy.</summary>
    private static byte[] AsArray(ReadOnlyMemory<byte> payload) =>
        MemoryMarshal.TryGetArray(payload, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();

    protected override ValueTask ResetAfterFailureAsync()
    {
        CloseConnection();
        return ValueTask.CompletedTask;
    }

    protected override ValueTask CloseAsync()
    {
        CloseConnection();
        return ValueTask.CompletedTask;
    }

    private void CloseConnection()
    {
        _insert?.Dispose();
        _insert = null;
        _connection?.Dispose();
        _connection = null;
    }
}
