namespace Palisade.Assessment.Catalogue;

/// <summary>The catalogue the assessment uses unless told otherwise.</summary>
internal static class AssessmentCatalogue
{
    // Wired to the SRM catalogue of Palisade.Model once its API lands (branch model).
    public static ICatalogueView Default => throw new InvalidOperationException("The SRM catalogue is not wired yet.");
}
