namespace Palisade.Model.Items;

/// <summary>
/// A threat of 6.2 (<c>threat.6.2.k</c>) or one of its numbered sub-items (<c>threat.6.2.k.1</c>).
/// </summary>
/// <param name="Id">Stable id.</param>
/// <param name="Clause">Clause reference as published.</param>
/// <param name="Title">Short title, our words.</param>
/// <param name="Description">Description, our words.</param>
/// <param name="ParentId">The parent threat of a sub-item, else null.</param>
/// <param name="ChildIds">Sub-items of a parent threat, in order.</param>
/// <param name="CharacteristicReference">The published "raised by" reference and its resolution; null for a parent whose sub-items carry them.</param>
/// <param name="CharacteristicIds">Resolved characteristics (for a parent: the union of its sub-items').</param>
/// <param name="Domains">Security domains where the threat lives — Palisade's analysis.</param>
public sealed record Threat(
    string Id,
    string Clause,
    string Title,
    string Description,
    string? ParentId,
    IReadOnlyList<string> ChildIds,
    CharacteristicReference? CharacteristicReference,
    IReadOnlyList<string> CharacteristicIds,
    IReadOnlyList<Mapping> Domains)
    : CatalogueItem(Id, Clause, Title, Description)
{
    /// <inheritdoc/>
    public override ItemKind Kind => ItemKind.Threat;

    /// <summary>True for a lettered threat a)–r), false for a numbered sub-item.</summary>
    public bool IsTopLevel => ParentId is null;
}
