namespace Palisade.Assessment.Description;

/// <summary>A control of 8.2 stated to be in place, with the evidence for it.</summary>
/// <param name="ControlId">Catalogue id, e.g. <c>control.8.2.4.e</c>.</param>
/// <param name="AllTargets">True when it covers everything (<c>scope: all</c>).</param>
/// <param name="Targets">Otherwise the targets it covers, each <c>kind:id</c> (e.g. <c>asset:plc-1</c>, <c>zone:cell-3</c>, <c>flow:f-7</c>); a zone covers the assets in it, a site its zones.</param>
/// <param name="Evidence">What shows it is in place (audit report, ticket, configuration).</param>
/// <param name="Link">Where the evidence can be found, if anywhere.</param>
public sealed record DeclaredControl(string ControlId, bool AllTargets, IReadOnlyList<string> Targets, string Evidence, string? Link);
