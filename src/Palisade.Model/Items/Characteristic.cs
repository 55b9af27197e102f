namespace Palisade.Model.Items;

/// <summary>A characteristic of IIPs that raises threats (6.1 a–x), e.g. <c>characteristic.6.1.q</c>.</summary>
public sealed record Characteristic(string Id, string Clause, string Title, string Description)
    : CatalogueItem(Id, Clause, Title, Description)
{
    /// <inheritdoc/>
    public override ItemKind Kind => ItemKind.Characteristic;
}
