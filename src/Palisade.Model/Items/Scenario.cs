namespace Palisade.Model.Items;

/// <summary>A business scenario of 7.4 (<c>scenario.7.4.2</c>–<c>scenario.7.4.5</c>).</summary>
/// <param name="Id">Stable id.</param>
/// <param name="Clause">Clause reference as published.</param>
/// <param name="Title">Short title, our words.</param>
/// <param name="Description">Description, our words.</param>
/// <param name="RoleIds">Roles the clause names for the scenario.</param>
/// <param name="Threats">Its threats T1…Tn, in order.</param>
public sealed record Scenario(
    string Id,
    string Clause,
    string Title,
    string Description,
    IReadOnlyList<string> RoleIds,
    IReadOnlyList<ScenarioThreat> Threats)
    : CatalogueItem(Id, Clause, Title, Description)
{
    /// <inheritdoc/>
    public override ItemKind Kind => ItemKind.Scenario;
}
