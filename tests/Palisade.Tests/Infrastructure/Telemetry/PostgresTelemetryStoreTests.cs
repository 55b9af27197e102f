using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Palisade.Broker.Hooks;
using Palisade.Infrastructure.Telemetry;
using Palisade.Mqtt;
using static Palisade.Tests.Infrastructure.Telemetry.TelemetryTestData;

namespace Palisade.Tests.Infrastructure.Telemetry;

/// <summary>The PostgreSQL store against a real server; each test in its own schema, dropped afterwards.</summary>
public sealed class PostgresTelemetryStoreTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _schema = "palisade_t_" + Guid.NewGuid().ToString("N");
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is not { Length: > 0 } server)
        {
            return;
        }

        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {_schema}", connection);
            await create.ExecuteNonQueryAsync();
        }

        _connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = _schema }.ToString();
    }

    public async Task DisposeAsync()
    {
        if (_connectionString.Length == 0)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private Task<PostgresTelemetryStore> OpenAsync(int batchSize = 4_096) =>
        PostgresTelemetryStore.OpenAsync(_connectionString, new TelemetryOptions { Store = "postgres", ConnectionString = _connectionString, BatchSize = batchSize },
            TimeProvider.System, NullLogger.Instance, CancellationToken.None);

    private async Task<List<(string Device, string Topic, short QoS, short Class, long? Seq, string Payload)>> ReadAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT device, topic, qos, traffic_class, envelope_seq, payload FROM telemetry ORDER BY id", connection);
        await using var reader = await select.ExecuteReaderAsync();
        var rows = new List<(string, string, short, short, long?, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt16(2), reader.GetInt16(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4), Encoding.UTF8.GetString((byte[])reader.GetValue(5))));
        }

        return rows;
    }

    [PostgresFact]
    public async Task Messages_are_committed_in_batches_with_their_facts()
    {
        await using var store = await OpenAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 500)
            .Select(i => store.StoreAsync(Device(), Message($"m{i}", seq: (ulong)i + 1), i % 10 == 0 ? TrafficClass.Event : TrafficClass.Bulk, CancellationToken.None).AsTask()))
            .WaitAsync(Timeout);

        Assert.All(results, r => Assert.Equal(ReasonCode.Success, r));
        var rows = await ReadAsync();
        Assert.Equal(500, rows.Count);
        Assert.Equal(500, rows.Select(r => r.Payload).Distinct().Count());
        Assert.Contains(("press-1", "p/acme/d/press-1/telemetry/t", (short)1, (short)TrafficClass.Event, (long?)1, "m0"), rows);
        Assert.True(store.Batches < 500, $"{store.Batches} transactions for 500 messages");
    }

    [PostgresFact]
    public async Task Resend_of_the_same_enveloped_message_is_stored_once_even_within_one_batch()
    {
        await using var store = await OpenAsync();
        Assert.Equal(ReasonCode.Success, await store.StoreAsync(Device(), Message("a", seq: 5), TrafficClass.Bulk, CancellationToken.None));
        var results = await Task.WhenAll(
            store.StoreAsync(Device(), Message("a", seq: 5), TrafficClass.Bulk, CancellationToken.None).AsTask(),
            store.StoreAsync(Device(), Message("b", seq: 6), TrafficClass.Bulk, CancellationToken.None).AsTask(),
            store.StoreAsync(Device(), Message("b", seq: 6), TrafficClass.Bulk, CancellationToken.None).AsTask(),
            store.StoreAsync(Device(), Message("plain"), TrafficClass.Bulk, CancellationToken.None).AsTask(),
            store.StoreAsync(Device(), Message("plain"), TrafficClass.Bulk, CancellationToken.None).AsTask()).WaitAsync(Timeout);

        Assert.All(results, r => Assert.Equal(ReasonCode.Success, r));
        Assert.Equal(["a", "b", "plain", "plain"], (await ReadAsync()).Select(r => r.Payload));
    }

    [PostgresFact]
    public async Task Store_recovers_after_its_connection_is_killed()
    {
        await using var store = await OpenAsync();
        Assert.Equal(ReasonCode.Success, await store.StoreAsync(Device(), Message("before"), TrafficClass.Bulk, CancellationToken.None));

        // Kill the store's backend from outside (a server restart, a network cut).
        await using (var admin = new NpgsqlConnection(_connectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = @app", admin);
            kill.Parameters.AddWithValue("app", PostgresTelemetryStore.ApplicationName);
            Assert.True((long)(await kill.ExecuteScalarAsync())! >= 1, "the store's connection was not found");
        }

        // The batch on the dead connection is refused (its publishers resend); the next one works on a fresh connection.
        var first = await store.StoreAsync(Device(), Message("during"), TrafficClass.Bulk, CancellationToken.None);
        Assert.True(first is ReasonCode.Success or ReasonCode.UnspecifiedError);
        Assert.Equal(ReasonCode.Success, await store.StoreAsync(Device(), Message("after"), TrafficClass.Bulk, CancellationToken.None));
        var payloads = (await ReadAsync()).Select(r => r.Payload).ToList();
        Assert.Contains("after", payloads);
        Assert.Equal(first == ReasonCode.Success, payloads.Contains("during"));
    }
}
