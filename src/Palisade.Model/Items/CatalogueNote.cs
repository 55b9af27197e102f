namespace Palisade.Model.Items;

/// <summary>A note about the text of our copy of the standard (e.g. <c>note.8.2.9</c>: clause named but absent).</summary>
/// <param name="Id">Stable id.</param>
/// <param name="Clause">Clause reference as published.</param>
/// <param name="Title">Short title, our words.</param>
/// <param name="Description">Description, our words.</param>
/// <param name="RelatedIds">Items the note concerns.</param>
public sealed record CatalogueNote(string Id, string Clause, string Title, string Description, IReadOnlyList<string> RelatedIds)
    : CatalogueItem(Id, Clause, Title, Description)
{
    /// <inheritdoc/>
    public override ItemKind Kind => ItemKind.Note;
}
