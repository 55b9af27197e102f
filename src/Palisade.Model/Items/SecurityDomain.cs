namespace Palisade.Model.Items;

/// <summary>A security domain of 7.2 (<c>domain.7.2.2</c> edge ... <c>domain.7.2.5</c> application).</summary>
/// <param name="Id">Stable id.</param>
/// <param name="Clause">Clause reference as published.</param>
/// <param name="Title">Short title, our words.</param>
/// <param name="Description">Description, our words.</param>
/// <param name="CodeArea">The folder name used for this domain in Palisade's code (edge, infrastructure, platform, application).</param>
public sealed record SecurityDomain(string Id, string Clause, string Title, string Description, string CodeArea)
    : CatalogueItem(Id, Clause, Title, Description)
{
    /// <inheritdoc/>
    public override ItemKind Kind => ItemKind.Domain;
}
