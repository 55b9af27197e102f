namespace Palisade.Assessment.Engine;

/// <summary>What a rule is about.</summary>
/// <param name="Id">Catalogue id of the threat item, e.g. <c>threat.6.2.k.2</c>; also the rule id.</param>
/// <param name="Title">Short title in our words.</param>
/// <param name="Characteristics">Characteristics of 6.1 (catalogue ids) whose presence raises the threat.</param>
/// <param name="Controls">Controls of 8.2 (catalogue ids) that together counter it; a rule may ask for a subset per target.</param>
/// <param name="AppliesWhen">In one sentence, which facts of a description make the threat apply.</param>
public sealed record RuleMetadata(
    string Id,
    string Title,
    IReadOnlyList<string> Characteristics,
    IReadOnlyList<string> Controls,
    string AppliesWhen);
