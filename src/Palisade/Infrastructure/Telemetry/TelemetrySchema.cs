using Palisade.Infrastructure.Storage;

namespace Palisade.Infrastructure.Telemetry;

/// <summary>
/// The telemetry table, in its own database file (<c>telemetry.db</c>), apart from the registry: its write rate is
/// thousands of rows a second and must not contend with the registry's writer lock.
/// </summary>
internal static class TelemetrySchema
{
    public const string FileName = "telemetry.db";

    /// <summary>
    /// received_ms: Unix ms when the broker received it. participant: '' without one. device: the principal id, or the
    /// client id without identity. traffic_class: 0 bulk, 1 event, 2 control. envelope_seq: the integrity envelope's
    /// sequence or NULL. The unique key makes a resend of one enveloped message (same device and sequence) a no-op;
    /// messages without an envelope (NULL sequence) are never merged.
    /// </summary>
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "telemetry", """
            CREATE TABLE telemetry (
                id INTEGER PRIMARY KEY,
                received_ms INTEGER NOT NULL,
                participant TEXT NOT NULL,
                device TEXT NOT NULL,
                topic TEXT NOT NULL,
                qos INTEGER NOT NULL,
                traffic_class INTEGER NOT NULL,
                envelope_seq INTEGER,
                payload BLOB NOT NULL
            );
            CREATE UNIQUE INDEX telemetry_envelope ON telemetry (participant, device, envelope_seq);
            """),
    ];

    public const string SqliteInsert = """
        INSERT INTO telemetry (received_ms, participant, device, topic, qos, traffic_class, envelope_seq, payload)
        VALUES ($received, $participant, $device, $topic, $qos, $class, $seq, $payload)
        ON CONFLICT (participant, device, envelope_seq) DO NOTHING
        """;

    /// <summary>PostgreSQL: the same table (received_at as timestamptz), created if missing.</summary>
    public const string PostgresCreate = """
        CREATE TABLE IF NOT EXISTS telemetry (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            received_at timestamptz NOT NULL,
            participant text NOT NULL,
            device text NOT NULL,
            topic text NOT NULL,
            qos smallint NOT NULL,
            traffic_class smallint NOT NULL,
            envelope_seq bigint,
            payload bytea NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS telemetry_envelope ON telemetry (participant, device, envelope_seq);
        """;

    /// <summary>Per connection: the staging table a batch is COPYed into; emptied at every commit.</summary>
    public const string PostgresStage = """
        CREATE TEMP TABLE IF NOT EXISTS telemetry_stage (
            ord integer NOT NULL,
            received_at timestamptz NOT NULL,
            participant text NOT NULL,
            device text NOT NULL,
            topic text NOT NULL,
            qos smallint NOT NULL,
            traffic_class smallint NOT NULL,
            envelope_seq bigint,
            payload bytea NOT NULL
        ) ON COMMIT DELETE ROWS
        """;

    public const string PostgresCopy =
        "COPY telemetry_stage (ord, received_at, participant, device, topic, qos, traffic_class, envelope_seq, payload) FROM STDIN (FORMAT BINARY)";

    /// <summary>In batch order, so ids follow the commit order; a resend already stored (or twice in one batch) is skipped.</summary>
    public const string PostgresMerge = """
        INSERT INTO telemetry (received_at, participant, device, topic, qos, traffic_class, envelope_seq, payload)
        SELECT received_at, participant, device, topic, qos, traffic_class, envelope_seq, payload FROM telemetry_stage ORDER BY ord
        ON CONFLICT (participant, device, envelope_seq) DO NOTHING
        """;
}
