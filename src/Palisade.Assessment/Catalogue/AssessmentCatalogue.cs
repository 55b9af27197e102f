using Palisade.Model;

namespace Palisade.Assessment.Catalogue;

/// <summary>The catalogue the assessment uses unless told otherwise: the embedded SRM-IIP catalogue.</summary>
internal static class AssessmentCatalogue
{
    private static readonly Lazy<ICatalogueView> LazyDefault = new(() => new SrmCatalogueView(SrmCatalogue.Default));

    public static ICatalogueView Default => LazyDefault.Value;
}
