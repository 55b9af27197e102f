namespace Palisade.Infrastructure.Audit;

/// <summary>Settings of the background audit writer.</summary>
internal sealed record AuditLogOptions
{
    /// <summary>Events that may wait in memory for the writer. Beyond it writers wait (see <see cref="IAuditLog"/>).</summary>
    public int QueueCapacity { get; init; } = 16_384;

    /// <summary>Most events committed in one transaction.</summary>
    public int MaxBatch { get; init; } = 512;

    /// <summary>Sign a checkpoint after this many records...</summary>
    public int CheckpointEveryRecords { get; init; } = 1_000;

    /// <summary>...or this long after the last one when records were written since (and always at shutdown).</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The node name stamped on each record.</summary>
    public string Node { get; init; } = Environment.MachineName;
}
