namespace Palisade.Model.Items;

/// <summary>A group of controls, 8.2.1–8.2.9 (<c>controlgroup.8.2.6.1</c> is a subgroup of <c>controlgroup.8.2.6</c>).</summary>
/// <param name="Id">Stable id.</param>
/// <param name="Clause">Clause reference as published.</param>
/// <param name="Title">Short title, our words.</param>
/// <param name="Description">Description, our words.</param>
/// <param name="ParentGroupId">The enclosing group of a subgroup.</param>
/// <param name="TextAbsent">True when the clause is named in the contents but its text is missing from our copy (8.2.9).</param>
/// <param name="ControlIds">Controls of the group, in order (filled by the loader).</param>
public sealed record ControlGroup(
    string Id,
    string Clause,
    string Title,
    string Description,
    string? ParentGroupId,
    bool TextAbsent,
    IReadOnlyList<string> ControlIds)
    : CatalogueItem(Id, Clause, Title, Description)
{
    /// <inheritdoc/>
    public override ItemKind Kind => ItemKind.ControlGroup;
}
