using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Palisade.Infrastructure.Telemetry;

/// <summary>
/// The PostgreSQL store (<c>Palisade:Telemetry:Store=postgres</c>): per batch, one transaction that binary-COPYs the
/// batch into a per-connection temporary staging table, then moves it into <c>telemetry</c> with
/// <c>INSERT ... ON CONFLICT DO NOTHING</c> (the envelope dedupe key; COPY alone cannot skip duplicates). The commit
/// is durable as the server's <c>synchronous_commit</c> says (default on: WAL flushed before COMMIT returns).
/// </summary>
internal sealed class PostgresTelemetryStore : TelemetryStore
{
    public const string ApplicationName = "palisade-telemetry";

    private readonly NpgsqlDataSource _dataSource;
    private NpgsqlConnection? _connection;

    private PostgresTelemetryStore(NpgsqlDataSource dataSource, TelemetryOptions options, TimeProvider time, ILogger logger)
        : base(options, time, logger) => _dataSource = dataSource;

    /// <summary>Connects, creates the table if missing, and starts the writer. Fails when the server is unreachable.</summary>
    public static async Task<PostgresTelemetryStore> OpenAsync(string connectionString, TelemetryOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Named, so a DBA sees who holds the connection (pg_stat_activity.application_name).
        builder.ApplicationName ??= ApplicationName;
        var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        var store = new PostgresTelemetryStore(dataSource, options, time, logger);
        try
        {
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
            await using (var create = new NpgsqlCommand(TelemetrySchema.PostgresCreate, connection))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await store.ConnectAsync().ConfigureAwait(false);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        TelemetryLog.StoreOpened(logger, "postgres", $"{builder.Host}:{builder.Port}/{builder.Database}");
        store.StartWriter();
        return store;
    }

    private async ValueTask<NpgsqlConnection> ConnectAsync()
    {
        var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        try
        {
            await using var stage = new NpgsqlCommand(TelemetrySchema.PostgresStage, connection);
            await stage.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _connection = connection;
        return connection;
    }

    protected override async ValueTask WriteBatchAsync(IReadOnlyList<TelemetryRecord> batch)
    {
        var connection = _connection ?? await ConnectAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using (var importer = await connection.BeginBinaryImportAsync(TelemetrySchema.PostgresCopy).ConfigureAwait(false))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var record = batch[i];
                await importer.StartRowAsync().ConfigureAwait(false);
                await importer.WriteAsync(i, NpgsqlDbType.Integer).ConfigureAwait(false);
                await importer.WriteAsync(DateTimeOffset.FromUnixTimeMilliseconds(record.ReceivedUnixMs).UtcDateTime, NpgsqlDbType.TimestampTz).ConfigureAwait(false);
                await importer.WriteAsync(record.Participant, NpgsqlDbType.Text).ConfigureAwait(false);
                await importer.WriteAsync(record.Device, NpgsqlDbType.Text).ConfigureAwait(false);
                await importer.WriteAsync(record.Topic, NpgsqlDbType.Text).ConfigureAwait(false);
                await importer.WriteAsync((short)record.QoS, NpgsqlDbType.Smallint).ConfigureAwait(false);
                await importer.WriteAsync((short)record.TrafficClass, NpgsqlDbType.Smallint).ConfigureAwait(false);
                if (record.EnvelopeSequence is { } seq)
                {
                    await importer.WriteAsync(seq, NpgsqlDbType.Bigint).ConfigureAwait(false);
                }
                else
                {
                    await importer.WriteNullAsync().ConfigureAwait(false);
                }

                await importer.WriteAsync(record.Payload, NpgsqlDbType.Bytea).ConfigureAwait(false);
            }

            await importer.CompleteAsync().ConfigureAwait(false);
        }

        await using (var merge = new NpgsqlCommand(TelemetrySchema.PostgresMerge, connection, transaction))
        {
            await merge.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
    }

    protected override async ValueTask ResetAfterFailureAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            try
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A broken connection may fail to close; it is being dropped anyway.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    protected override async ValueTask CloseAsync()
    {
        await ResetAfterFailureAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }
}
