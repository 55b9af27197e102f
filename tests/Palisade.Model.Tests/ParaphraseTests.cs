using System.Text;
using Palisade.Model.Items;

namespace Palisade.Model.Tests;

/// <summary>
/// The standard is copyrighted: the catalogue carries its facts, never its sentences. No catalogue text may share a
/// run of <see cref="Run"/> consecutive words with the standard, nor be one of its sentences.
/// </summary>
public sealed class ParaphraseTests
{
    private const int Run = 12;
    private static readonly SrmCatalogue Catalogue = SrmCatalogue.Default;

    [SeedFact]
    public void No_catalogue_text_shares_a_run_of_twelve_words_with_the_standard()
    {
        var seed = Words(File.ReadAllText(SeedText.Path!));
        Assert.True(seed.Length > 5000, "the seed text looks truncated");
        var shingles = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + Run <= seed.Length; i++)
        {
            shingles.Add(string.Join(' ', seed, i, Run));
        }

        var offending = new List<string>();
        foreach (var (owner, text) in CatalogueTexts())
        {
            var words = Words(text);
            for (var i = 0; i + Run <= words.Length; i++)
            {
                var run = string.Join(' ', words, i, Run);
                if (shingles.Contains(run))
                {
                    offending.Add($"{owner}: \"{run}\"");
                    break;
                }
            }
        }

        Assert.True(offending.Count == 0, "Catalogue text copies the standard:\n" + string.Join('\n', offending));
    }

    [SeedFact]
    public void No_catalogue_sentence_of_eight_words_or_more_appears_in_the_standard()
    {
        // Catches whole copied sentences shorter than the 12-word run (list markers and punctuation ignored).
        var seed = " " + string.Join(' ', Words(File.ReadAllText(SeedText.Path!))) + " ";
        var copied = CatalogueTexts()
            .SelectMany(t => t.Text.Split(['.', ';', ':'], StringSplitOptions.RemoveEmptyEntries).Select(s => (t.Owner, Words: Words(s))))
            .Where(t => t.Words.Length >= 8 && seed.Contains(" " + string.Join(' ', t.Words) + " ", StringComparison.Ordinal))
            .Select(t => $"{t.Owner}: {string.Join(' ', t.Words)}")
            .ToArray();
        Assert.True(copied.Length == 0, "Catalogue sentences copied from the standard:\n" + string.Join('\n', copied));
    }

    [Fact]
    public void The_run_check_would_catch_a_copied_sentence()
    {
        // Guards the normaliser: punctuation and case must not hide a copy.
        var a = Words("Attackers can, stealthily; COPY and potentially alter data by attacking wireless sensors or by monitoring signals.");
        var b = Words("attackers can stealthily copy and potentially alter data by attacking wireless sensors or by monitoring signals");
        Assert.Equal(b, a);
        Assert.True(a.Length >= Run);
    }

    internal static IEnumerable<(string Owner, string Text)> CatalogueTexts()
    {
        foreach (var item in Catalogue.Items)
        {
            yield return (item.Id + ".title", item.Title);
            yield return (item.Id + ".description", item.Description);
            switch (item)
            {
                case Threat t:
                    if (t.CharacteristicReference?.Reason is { } reason)
                    {
                        yield return (t.Id + ".reason", reason);
                    }

                    foreach (var m in t.Domains)
                    {
                        yield return (t.Id + ".domain", m.Why);
                    }

                    break;
                case LifecycleStage s:
                    foreach (var r in s.Threats)
                    {
                        yield return (s.Id + ".label", r.Label);
                        yield return (s.Id + ".reason", r.Reason ?? string.Empty);
                    }

                    break;
                case ScenarioThreat st:
                    yield return (st.Id + ".reason", st.Reference.Reason ?? string.Empty);
                    break;
                case Objective o:
                    yield return (o.Id + ".coverage", o.Coverage.Note);
                    foreach (var m in o.Counters)
                    {
                        yield return (o.Id + ".why", m.Why);
                    }

                    break;
                case Control c:
                    yield return (c.Id + ".coverage", c.Coverage.Note);
                    foreach (var m in c.Counters.Concat(c.Serves))
                    {
                        yield return (c.Id + ".why", m.Why);
                    }

                    break;
            }
        }
    }

    internal static string[] Words(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            sb.Append(char.IsLetterOrDigit(ch) ? char.ToLowerInvariant(ch) : ' ');
        }

        return sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
