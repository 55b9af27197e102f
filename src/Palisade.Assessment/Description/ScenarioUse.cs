namespace Palisade.Assessment.Description;

/// <summary>A business scenario of 7.4 that the IIP is used for, with who plays which role in it.</summary>
/// <param name="Id">Catalogue id, e.g. <c>scenario.7.4.2</c>.</param>
/// <param name="Roles">Role of each participant taking part.</param>
public sealed record ScenarioUse(string Id, IReadOnlyList<RoleAssignment> Roles);

/// <summary>The role a participant plays in a scenario (e.g. <c>data-scientist</c>, <c>operator-of-service-platform</c>).</summary>
public sealed record RoleAssignment(string Participant, string Role);
