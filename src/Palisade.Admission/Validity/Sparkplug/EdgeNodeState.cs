namespace Palisade.Admission.Validity.Sparkplug;

/// <summary>
/// What the inspector knows of one edge node's current session: whether it is born (NBIRTH admitted, no NDEATH or
/// disconnect since), the bdSeq of that birth, the last seq, the node's metrics and each born device's metrics; and
/// which connection the session belongs to, with the bdSeq of that connection's will NDEATH (if it registered one).
/// Guarded by locking the instance; an edge node's publishes come from one connection, so the lock is uncontended.
/// </summary>
internal sealed class EdgeNodeState
{
    public bool Born { get; set; }

    public ulong BdSeq { get; set; }

    public byte LastSeq { get; set; }

    public MetricTable NodeMetrics { get; set; } = new();

    public Dictionary<string, MetricTable> Devices { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The connection (the host's opaque token, <see cref="Pipeline.AdmissionContext.Connection"/>) that registered the
    /// will or sent the NBIRTH last; the session is that connection's. Null: none, or the host gives no tokens.
    /// </summary>
    public object? Connection { get; set; }

    /// <summary>The bdSeq of the will NDEATH that <see cref="Connection"/> registered at CONNECT; null when it registered none.</summary>
    public ulong? WillBdSeq { get; set; }

    /// <summary>The session ends (NDEATH, or a newer connection of the edge node); the connection facts stay.</summary>
    public void Die()
    {
        Born = false;
        NodeMetrics = new MetricTable();
        Devices.Clear();
    }

    /// <summary>The connection ended: its session and its will are over.</summary>
    public void Disconnect()
    {
        Die();
        Connection = null;
        WillBdSeq = null;
    }

    /// <summary>
    /// A message of <paramref name="connection"/> that opens a session (will at CONNECT, NBIRTH): when it is another
    /// connection than the session's, the old session is over and the old connection's will no longer applies.
    /// </summary>
    public void Adopt(object? connection)
    {
        if (!ReferenceEquals(Connection, connection))
        {
            Die();
            Connection = connection;
            WillBdSeq = null;
        }
    }
}
