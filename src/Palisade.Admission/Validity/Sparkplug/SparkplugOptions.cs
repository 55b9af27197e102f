namespace Palisade.Admission.Validity.Sparkplug;

/// <summary>Bounds of what the Sparkplug B inspector remembers per edge node, so a device cannot grow the broker's memory.</summary>
public sealed class SparkplugOptions
{
    /// <summary>Most metrics one NBIRTH or DBIRTH may declare (default 10,000); a larger birth is refused.</summary>
    public int MaxMetricsPerBirth { get; init; } = 10_000;

    /// <summary>Most devices (DBIRTH) an edge node may have born at once (default 1,000); one more is refused.</summary>
    public int MaxDevicesPerEdgeNode { get; init; } = 1_000;
}
