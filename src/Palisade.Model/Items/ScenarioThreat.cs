namespace Palisade.Model.Items;

/// <summary>One threat Tn of a business scenario, e.g. <c>scenario.7.4.3.T3</c>.</summary>
/// <param name="Id">Stable id.</param>
/// <param name="Clause">Clause reference as published.</param>
/// <param name="Title">Short title, our words.</param>
/// <param name="Description">Description, our words.</param>
/// <param name="ScenarioId">The scenario it belongs to.</param>
/// <param name="Label">T1, T2, ...</param>
/// <param name="Reference">The 6.2 threat it refers to, published and resolved.</param>
public sealed record ScenarioThreat(
    string Id,
    string Clause,
    string Title,
    string Description,
    string ScenarioId,
    string Label,
    ThreatReference Reference)
    : CatalogueItem(Id, Clause, Title, Description)
{
    /// <inheritdoc/>
    public override ItemKind Kind => ItemKind.ScenarioThreat;

    /// <summary>The resolved threat id.</summary>
    public string ThreatId => Reference.ThreatId;
}
