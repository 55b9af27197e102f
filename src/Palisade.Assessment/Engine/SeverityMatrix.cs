using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Engine;

/// <summary>
/// Likelihood (1 rare … 5 almost certain) × impact (1 negligible … 5 severe) → severity, by the product score:
/// 1–2 info, 3–5 low, 6–11 medium, 12–19 high, 20–25 critical. A countered finding is rated as if its likelihood
/// were 1 (the residual risk), so it sinks but keeps the weight of its impact. See docs/assessment.md.
/// </summary>
public static class SeverityMatrix
{
    /// <summary>Severity of a likelihood and an impact, each clamped to 1–5.</summary>
    public static Severity Rate(int likelihood, int impact)
    {
        var score = Math.Clamp(likelihood, 1, 5) * Math.Clamp(impact, 1, 5);
        return score switch
        {
            >= 20 => Severity.Critical,
            >= 12 => Severity.High,
            >= 6 => Severity.Medium,
            >= 3 => Severity.Low,
            _ => Severity.Info,
        };
    }

    /// <summary>Residual severity once every needed control is present.</summary>
    public static Severity Residual(int impact) => Rate(1, impact);
}
