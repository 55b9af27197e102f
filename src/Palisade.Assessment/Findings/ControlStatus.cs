namespace Palisade.Assessment.Findings;

/// <summary>One control that would counter a finding, and whether it is present.</summary>
/// <param name="ControlId">Catalogue id, e.g. <c>control.8.2.4.e</c>.</param>
/// <param name="Presence">How it is present, if at all.</param>
/// <param name="Evidence">The evidence given for a declared control, or the live source for an enforced one.</param>
public sealed record ControlStatus(string ControlId, ControlPresence Presence, string? Evidence);

/// <summary>How a control is present for a target.</summary>
public enum ControlPresence
{
    Missing,
    /// <summary>Declared in the description with evidence.</summary>
    Declared,
    /// <summary>Reported by the live platform as enforced.</summary>
    Enforced,
}
