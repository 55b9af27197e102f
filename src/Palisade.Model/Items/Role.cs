namespace Palisade.Model.Items;

/// <summary>A role or stakeholder named in 7.3–7.4, e.g. <c>role.asset-integrator</c>.</summary>
/// <param name="Id">Stable id.</param>
/// <param name="Clause">Clause reference as published.</param>
/// <param name="Title">Short title, our words.</param>
/// <param name="Description">Description, our words.</param>
/// <param name="Clauses">Every clause that names it.</param>
/// <param name="Relations">Relations the text states (e.g. the production manager manages the operator of asset).</param>
public sealed record Role(
    string Id,
    string Clause,
    string Title,
    string Description,
    IReadOnlyList<string> Clauses,
    IReadOnlyList<RoleRelation> Relations)
    : CatalogueItem(Id, Clause, Title, Description)
{
    /// <inheritdoc/>
    public override ItemKind Kind => ItemKind.Role;
}

/// <summary>A stated relation from one role to another.</summary>
/// <param name="Verb">e.g. manages, advises.</param>
/// <param name="RoleId">The other role.</param>
/// <param name="Clause">Where it is stated.</param>
public sealed record RoleRelation(string Verb, string RoleId, string Clause);
