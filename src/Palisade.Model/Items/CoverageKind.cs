namespace Palisade.Model.Items;

/// <summary>How Palisade covers a control or objective.</summary>
public enum CoverageKind
{
    /// <summary>Enforced by Palisade's running code (code paths given).</summary>
    Enforced,
    /// <summary>To be enforced by Palisade; the issue is named. Until then it is assessed from a description.</summary>
    Planned,
    /// <summary>Evaluated by the assessment engine from the IIP description (declared with evidence).</summary>
    Assessed,
    /// <summary>Can only be recorded as a declared organisational measure.</summary>
    Organisational,
}
