using System.Text;
using Microsoft.Data.Sqlite;
using Palisade.Broker.Hooks;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;

namespace Palisade.Tests.Infrastructure.Telemetry;

/// <summary>Messages as the broker hands them to a store, and reading telemetry.db back.</summary>
internal static class TelemetryTestData
{
    public static ClientIdentity Device(string participant = "acme", string device = "press-1") =>
        new(device + "-client", device, participant, new Dictionary<string, string>());

    public static PublishPacket Message(string payload, string topic = "p/acme/d/press-1/telemetry/t", ulong? seq = null) => new()
    {
        Topic = topic,
        QoS = QualityOfService.AtLeastOnce,
        PacketId = 1,
        Payload = Encoding.UTF8.GetBytes(payload),
        UserProperties = seq is { } s ? [new UserProperty("pal-seq", s.ToString(System.Globalization.CultureInfo.InvariantCulture))] : [],
    };

    public static List<StoredRow> ReadRows(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, received_ms, participant, device, topic, qos, traffic_class, envelope_seq, payload FROM telemetry ORDER BY id";
        using var reader = command.ExecuteReader();
        var rows = new List<StoredRow>();
        while (reader.Read())
        {
            rows.Add(new StoredRow(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetInt32(5), (TrafficClass)reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetInt64(7),
                Encoding.UTF8.GetString((byte[])reader.GetValue(8))));
        }

        return rows;
    }

    /// <summary>Holds the database's write lock (another process's writer, in effect) until disposed.</summary>
    public static SqliteConnection HoldWriteLock(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "BEGIN EXCLUSIVE";
        command.ExecuteNonQuery();
        return connection;
    }
}

internal sealed record StoredRow(long Id, long ReceivedMs, string Participant, string Device, string Topic, int QoS, TrafficClass Class, long? Seq, string Payload);
