namespace Palisade.Admission.Validity.Sparkplug;

/// <summary>The metrics a birth declared (name and alias → data type), to type the metrics of later data messages,
/// which carry an alias or a name but usually no datatype (spec 3.0.0, 6.4.6).</summary>
internal sealed class MetricTable
{
    public Dictionary<string, uint> ByName { get; } = new(StringComparer.Ordinal);

    public Dictionary<ulong, uint> ByAlias { get; } = [];
}
