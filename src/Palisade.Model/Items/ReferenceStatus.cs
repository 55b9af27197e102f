namespace Palisade.Model.Items;

/// <summary>Whether a cross-reference as published points at the item its content describes.</summary>
public enum ReferenceStatus
{
    /// <summary>The published reference designates the item the text describes.</summary>
    Match,
    /// <summary>The published reference designates another item (or none); the catalogue resolves it by content and says why.</summary>
    Corrected,
}
