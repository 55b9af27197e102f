namespace Palisade.Model.Items;

/// <summary>A security objective of 8.1 (<c>objective.8.1.a</c>–<c>objective.8.1.l</c>).</summary>
/// <param name="Id">Stable id.</param>
/// <param name="Clause">Clause reference as published.</param>
/// <param name="Title">Short title, our words.</param>
/// <param name="Description">Description, our words.</param>
/// <param name="Counters">Threats it answers — Palisade's analysis.</param>
/// <param name="Coverage">How Palisade covers it.</param>
public sealed record Objective(
    string Id,
    string Clause,
    string Title,
    string Description,
    IReadOnlyList<Mapping> Counters,
    Coverage Coverage)
    : CatalogueItem(Id, Clause, Title, Description)
{
    /// <inheritdoc/>
    public override ItemKind Kind => ItemKind.Objective;
}
