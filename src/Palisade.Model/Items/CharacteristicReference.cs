namespace Palisade.Model.Items;

/// <summary>
/// The "raised by the characteristic in 6.1 x)" reference of a threat: as published, and as resolved by content.
/// </summary>
/// <param name="Published">The reference as printed, e.g. <c>6.1 u)</c>.</param>
/// <param name="PublishedId">The characteristic the printed letter designates, or null if none has that letter.</param>
/// <param name="ResolvedIds">The characteristic(s) the threat's content actually describes.</param>
/// <param name="Status">Match or corrected.</param>
/// <param name="Reason">One line, our words, why the resolution differs (or a remark on a weak match).</param>
public sealed record CharacteristicReference(
    string Published,
    string? PublishedId,
    IReadOnlyList<string> ResolvedIds,
    ReferenceStatus Status,
    string? Reason);
