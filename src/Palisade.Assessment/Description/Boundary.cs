namespace Palisade.Assessment.Description;

/// <summary>A boundary between two zones.</summary>
/// <param name="Id">Unique id.</param>
/// <param name="Zones">The two zones it separates.</param>
/// <param name="EnforcedBy">Asset (firewall, gateway, data diode) that enforces it, if any.</param>
/// <param name="Enforced">True when an access-control policy is enforced at the boundary; false when it exists only on paper.</param>
public sealed record Boundary(string Id, IReadOnlyList<string> Zones, string? EnforcedBy, bool Enforced);
