namespace Palisade.Model.Items;

/// <summary>
/// A reference from clause 7 (stage or scenario lists) to a threat of 6.2: as published, and as resolved by content.
/// Clause 7 letters the threats one step further than 6.2 after d) (its "6.2 e)" is the published d) 3)).
/// </summary>
/// <param name="Label">What the list says the threat is, in our words.</param>
/// <param name="Published">The reference as printed, e.g. <c>6.2 g)</c>.</param>
/// <param name="PublishedId">The threat the printed letter designates in 6.2, or null if 6.2 has no such letter.</param>
/// <param name="ThreatId">The threat the listed text describes (resolved by content).</param>
/// <param name="Status">Match or corrected.</param>
/// <param name="Reason">One line, our words, why the resolution differs.</param>
public sealed record ThreatReference(
    string Label,
    string Published,
    string? PublishedId,
    string ThreatId,
    ReferenceStatus Status,
    string? Reason);
