namespace Palisade.Model.Tests;

public sealed class CatalogueSmokeTests
{
    [Fact]
    public void Embedded_catalogue_loads_and_validates()
    {
        var catalogue = SrmCatalogue.Default;
        Assert.Equal(24, catalogue.Characteristics.Count);
    }
}
