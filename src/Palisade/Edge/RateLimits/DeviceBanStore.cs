using Microsoft.Data.Sqlite;
using Palisade.Admission.RateLimiting;
using Palisade.Infrastructure.Storage;

namespace Palisade.Edge.RateLimits;

/// <summary>
/// The device bans in the registry (<c>device_bans</c>, migration 4 of <see cref="RegistrySchema"/>). Its own
/// connection to palisade.db (WAL), used by one writer at a time (<see cref="DeviceBanRuntime"/>). Not thread-safe.
/// </summary>
internal sealed class DeviceBanStore : IDisposable
{
    private readonly SqliteConnection _connection;

    private DeviceBanStore(SqliteConnection connection) => _connection = connection;

    public static DeviceBanStore Open(DataFolder data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new DeviceBanStore(SqliteDatabase.Open(data.RegistryDatabasePath, RegistrySchema.Migrations));
    }

    public void Dispose() => _connection.Dispose();

    public IReadOnlyList<BanRecord<string>> LoadAll()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT device_id, banned_utc, until_utc, strike FROM device_bans";
        using var reader = command.ExecuteReader();
        var records = new List<BanRecord<string>>();
        while (reader.Read())
        {
            records.Add(new BanRecord<string>(reader.GetString(0), RegistryStore.ParseTime(reader.GetString(1)),
                RegistryStore.ParseTime(reader.GetString(2)), reader.GetInt32(3)));
        }

        return records;
    }

    /// <summary>Replaces every row with <paramref name="records"/>, in one transaction.</summary>
    public void ReplaceAll(IReadOnlyList<BanRecord<string>> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        using var tx = SqliteDatabase.BeginImmediate(_connection);
        SqliteDatabase.Execute(_connection, "DELETE FROM device_bans", tx);
        using var command = _connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "INSERT INTO device_bans (device_id, banned_utc, until_utc, strike) VALUES ($d, $b, $u, $s)";
        var device = command.Parameters.Add("$d", SqliteType.Text);
        var banned = command.Parameters.Add("$b", SqliteType.Text);
        var until = command.Parameters.Add("$u", SqliteType.Text);
        var strike = command.Parameters.Add("$s", SqliteType.Integer);
        command.Prepare();
        foreach (var record in records)
        {
            device.Value = record.Key;
            banned.Value = RegistryStore.Time(record.BannedAt);
            until.Value = RegistryStore.Time(record.Until);
            strike.Value = record.Strike;
            command.ExecuteNonQuery();
        }

        tx.Commit();
    }
}
