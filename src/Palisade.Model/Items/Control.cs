namespace Palisade.Model.Items;

/// <summary>A security control of 8.2, e.g. <c>control.8.2.4.e</c> or <c>control.8.2.6.1.a</c>.</summary>
/// <param name="Id">Stable id.</param>
/// <param name="Clause">Clause reference as published.</param>
/// <param name="Title">Short title, our words.</param>
/// <param name="Description">Description, our words.</param>
/// <param name="GroupId">Its group, e.g. <c>controlgroup.8.2.4</c>.</param>
/// <param name="Form">Lettered item or unlettered paragraph.</param>
/// <param name="Counters">Threats it counters — Palisade's analysis.</param>
/// <param name="Serves">Objectives it serves — Palisade's analysis.</param>
/// <param name="Coverage">How Palisade covers it.</param>
public sealed record Control(
    string Id,
    string Clause,
    string Title,
    string Description,
    string GroupId,
    ControlForm Form,
    IReadOnlyList<Mapping> Counters,
    IReadOnlyList<Mapping> Serves,
    Coverage Coverage)
    : CatalogueItem(Id, Clause, Title, Description)
{
    /// <inheritdoc/>
    public override ItemKind Kind => ItemKind.Control;
}
