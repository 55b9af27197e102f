namespace Palisade.Model.Items;

/// <summary>
/// A link that the standard does not state, made by Palisade's analysis (threat → domain, control → threat,
/// control → objective, objective → threat), with a one-line justification.
/// </summary>
/// <param name="TargetId">The linked item's id.</param>
/// <param name="Why">Short justification, our words.</param>
/// <param name="Basis">Always <see cref="PalisadeAnalysis"/>: the standard does not make this link.</param>
public sealed record Mapping(string TargetId, string Why, string Basis)
{
    /// <summary>Basis of every mapping made by Palisade's own review (not stated by ISO/IEC 24392).</summary>
    public const string PalisadeAnalysis = "palisade-analysis";
}
