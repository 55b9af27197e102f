namespace Palisade.Infrastructure.Telemetry;

/// <summary>
/// Where admitted QoS 1/2 messages are stored before they are acknowledged (issue 5 point 6), section
/// <c>Palisade:Telemetry</c>. Env: PALISADE__TELEMETRY__STORE, __CONNECTIONSTRING, __SYNCHRONOUS, __QUEUECAPACITY, __BATCHSIZE.
/// </summary>
internal sealed class TelemetryOptions
{
    public const string SectionName = "Palisade:Telemetry";

    /// <summary><c>sqlite</c> (default: <c>telemetry.db</c> in the data folder), <c>postgres</c> (needs
    /// <see cref="ConnectionString"/>) or <c>none</c> (nothing stored; QoS 1/2 acknowledged when routed).</summary>
    public string Store { get; set; } = TelemetryStoreKind.Sqlite;

    /// <summary>Npgsql connection string, for <c>postgres</c> only (e.g. <c>Host=db;Database=palisade;Username=palisade;Password=...</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// SQLite <c>synchronous</c>: <c>full</c> (default) fsyncs the WAL at every group commit, so an acknowledged message
    /// survives a power loss or kernel crash; <c>normal</c> skips that fsync, which still survives a kill -9 of the
    /// process (the committed WAL frames are in the OS page cache) but can lose the last commits on power loss.
    /// </summary>
    public string Synchronous { get; set; } = "full";

    /// <summary>Messages waiting for a commit, at most (1..1,000,000, default 65,536). When full the store refuses
    /// (5.0: PUBACK 0x97 Quota exceeded; 3.1.1: the connection is closed unacknowledged) rather than grow memory.
    /// Bulk telemetry is refused from 90 % of it, so events and commands keep the last tenth.</summary>
    public int QueueCapacity { get; set; } = 65_536;

    /// <summary>Messages per transaction, at most (1..100,000, default 4,096). A batch closes at this size or when the queue is empty.</summary>
    public int BatchSize { get; set; } = 4_096;
}

/// <summary>The values of <see cref="TelemetryOptions.Store"/>.</summary>
internal static class TelemetryStoreKind
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    public const string None = "none";
}
