namespace Palisade.Model.Items;

/// <summary>A life-cycle stage of 7.3 (<c>stage.7.3.2</c>–<c>stage.7.3.4</c>) with its listed threats.</summary>
/// <param name="Id">Stable id.</param>
/// <param name="Clause">Clause reference as published.</param>
/// <param name="Title">Short title, our words.</param>
/// <param name="Description">Description, our words.</param>
/// <param name="SystemStages">The ISO/IEC/IEEE 24748-1 stages it groups (development, production, utilization, support, retirement).</param>
/// <param name="RoleIds">Roles and stakeholders the clause names for this stage.</param>
/// <param name="Threats">The threats listed for the stage, in order, published and resolved.</param>
public sealed record LifecycleStage(
    string Id,
    string Clause,
    string Title,
    string Description,
    IReadOnlyList<string> SystemStages,
    IReadOnlyList<string> RoleIds,
    IReadOnlyList<ThreatReference> Threats)
    : CatalogueItem(Id, Clause, Title, Description)
{
    /// <inheritdoc/>
    public override ItemKind Kind => ItemKind.Stage;
}
