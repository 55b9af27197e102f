using Palisade.Model.Items;

namespace Palisade.Model.Tests;

/// <summary>The "raised by the characteristic in 6.1 x)" reference of every threat item, as printed and as resolved by content.</summary>
public sealed class CharacteristicReferenceTests
{
    private static readonly SrmCatalogue Catalogue = SrmCatalogue.Default;

    // threat item, printed letter, resolved letter(s)
    public static TheoryData<string, string, string> References => new()
    {
        { "a", "a", "a" },
        { "b", "b", "b" },
        { "c", "c", "c" },
        { "d.1", "d", "d" },
        { "d.2", "e", "e" },
        { "d.3", "u", "k" },
        { "e", "f", "f" },
        { "f.1", "g", "g" },
        { "f.2", "h", "h" },
        { "g.1", "i", "i" },
        { "g.2", "c", "k" },
        { "g.3", "k", "d" },
        { "g.4", "j", "j" },
        { "h.1", "l", "l" },
        { "h.2", "m", "m" },
        { "i", "n", "n" },
        { "j.1", "o", "o" },
        { "j.2", "p", "p" },
        { "k.1", "n", "r" },
        { "k.2", "c", "q" },
        { "l", "q", "s" },
        { "m", "v", "v" },
        { "n", "w", "n" },
        { "o", "r", "t" },
        { "p", "s", "u" },
        { "q", "t", "v" },
        { "r", "t", "w,x" },
    };

    [Theory]
    [MemberData(nameof(References))]
    public void Characteristic_reference_is_resolved_by_content(string threat, string printed, string resolved)
    {
        var t = Catalogue.Get<Threat>($"threat.6.2.{threat}");
        var r = Assert.IsType<CharacteristicReference>(t.CharacteristicReference);
        Assert.Equal($"6.1 {printed})", r.Published);
        Assert.Equal($"characteristic.6.1.{printed}", r.PublishedId);
        var expected = resolved.Split(',').Select(c => $"characteristic.6.1.{c}").ToArray();
        Assert.Equal(expected, r.ResolvedIds);
        Assert.Equal(expected, t.CharacteristicIds);
        var differs = printed != resolved;
        Assert.Equal(differs ? ReferenceStatus.Corrected : ReferenceStatus.Match, r.Status);
        if (differs)
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Reason));
            Assert.Contains($"6.1 {printed})", r.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_threat_item_without_sub_items_carries_a_reference_and_parents_do_not()
    {
        var table = References.Select(row => (string)row[0]).Select(x => $"threat.6.2.{x}").ToHashSet();
        foreach (var t in Catalogue.Threats)
        {
            if (t.ChildIds.Count > 0)
            {
                Assert.Null(t.CharacteristicReference);
                Assert.Equal(t.ChildIds.SelectMany(c => Catalogue.Get<Threat>(c).CharacteristicIds).Distinct(), t.CharacteristicIds);
            }
            else
            {
                Assert.NotNull(t.CharacteristicReference);
                Assert.Contains(t.Id, table);
            }
        }
    }

    [Fact]
    public void Eleven_characteristic_references_are_corrected()
    {
        var corrected = Catalogue.Threats.Where(t => t.CharacteristicReference?.Status == ReferenceStatus.Corrected).Select(t => t.Id);
        Assert.Equal(
            ["threat.6.2.d.3", "threat.6.2.g.2", "threat.6.2.g.3", "threat.6.2.k.1", "threat.6.2.k.2", "threat.6.2.l", "threat.6.2.n",
             "threat.6.2.o", "threat.6.2.p", "threat.6.2.q", "threat.6.2.r"],
            corrected);
    }

    [Fact]
    public void Every_characteristic_raises_at_least_one_threat_after_resolution()
    {
        Assert.All(Catalogue.Characteristics, c => Assert.NotEmpty(Catalogue.ThreatsRaisedBy(c.Id)));
        Assert.Equal(["threat.6.2.d.1", "threat.6.2.g.3"], Catalogue.ThreatsRaisedBy("characteristic.6.1.d").Select(t => t.Id));
    }
}
