namespace Palisade.Admission.Validity.Sparkplug;

/// <summary>
/// What the inspector knows of one edge node's current session: whether it is born (NBIRTH admitted, no NDEATH or
/// disconnect since), the bdSeq of that birth, the last seq, the node's metrics and each born device's metrics.
/// Guarded by locking the instance; an edge node's publishes come from one connection, so the lock is uncontended.
/// </summary>
internal sealed class EdgeNodeState
{
    public bool Born { get; set; }

    public ulong BdSeq { get; set; }

    public byte LastSeq { get; set; }

    public MetricTable NodeMetrics { get; set; } = new();

    public Dictionary<string, MetricTable> Devices { get; } = new(StringComparer.Ordinal);

    public void Die()
    {
        Born = false;
        NodeMetrics = new MetricTable();
        Devices.Clear();
    }
}
