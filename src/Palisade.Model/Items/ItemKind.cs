namespace Palisade.Model.Items;

/// <summary>Kinds of catalogue items; the lower-case name is the id prefix (<c>threat.</c>, <c>control.</c>...).</summary>
public enum ItemKind
{
    /// <summary>IIP characteristic, 6.1.</summary>
    Characteristic,
    /// <summary>Threat or threat sub-item, 6.2.</summary>
    Threat,
    /// <summary>Security domain, 7.2.</summary>
    Domain,
    /// <summary>Life-cycle stage, 7.3.</summary>
    Stage,
    /// <summary>Business scenario, 7.4.</summary>
    Scenario,
    /// <summary>One threat Tn of a business scenario, 7.4.x.</summary>
    ScenarioThreat,
    /// <summary>Role or stakeholder named in 7.3 and 7.4.</summary>
    Role,
    /// <summary>Security objective, 8.1.</summary>
    Objective,
    /// <summary>Group of controls (8.2.x).</summary>
    ControlGroup,
    /// <summary>Security control, 8.2.</summary>
    Control,
    /// <summary>A note about the text itself (e.g. a clause absent from our copy).</summary>
    Note,
}
