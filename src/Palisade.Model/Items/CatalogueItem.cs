namespace Palisade.Model.Items;

/// <summary>
/// One item of the SRM-IIP catalogue. Every item has a stable id (e.g. <c>threat.6.2.k.1</c>), the clause of
/// ISO/IEC 24392:2023 it comes from (e.g. <c>6.2 k) 1)</c>), and a title and description in Palisade's own words.
/// </summary>
/// <param name="Id">Stable id; see docs/srm-model.md for the scheme.</param>
/// <param name="Clause">Clause reference in the standard, as published.</param>
/// <param name="Title">Short title, our paraphrase.</param>
/// <param name="Description">Description, our paraphrase (never the standard's sentences).</param>
public abstract record CatalogueItem(string Id, string Clause, string Title, string Description)
{
    /// <summary>What kind of item this is.</summary>
    public abstract ItemKind Kind { get; }
}
