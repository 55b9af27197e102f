namespace Palisade.Assessment.Findings;

/// <summary>Severity of a finding, from likelihood × impact. Ordered: higher value = more severe.</summary>
public enum Severity
{
    Info = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}
