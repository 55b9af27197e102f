using FsCheck.Xunit;
using Palisade.Assessment.Description;

namespace Palisade.Assessment.Tests.Description;

/// <summary>Malformed input of any kind must surface as a <see cref="DescriptionException"/>, never another exception.</summary>
public sealed class DescriptionFuzzTests
{
    private static readonly string Valid = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Descriptions", "plant.yaml"));

    private static readonly string[] Tokens =
        [":", "- ", "[", "]", "{", "}", "&a ", "*a", "!!str ", "\"", "'", "#", "\n", "\t", "  ", "---\n", "...\n", "? ", "|\n", ">\n", "true", "null", "~", "%YAML 1.2\n", "<<: ", "\\", "\u0000", "\uFEFF", "@", "`"];

    [Property(MaxTest = 500)]
    public void Character_level_mutations_raise_only_DescriptionException(int position, int length, byte operation, string? insert) =>
        Check(Mutate(Valid, position, length, operation, insert));

    [Property(MaxTest = 300)]
    public void Line_level_mutations_raise_only_DescriptionException(int[] picks)
    {
        var lines = Valid.Split('\n').ToList();
        foreach (var pick in picks ?? [])
        {
            var i = (int)((uint)pick % (uint)lines.Count);
            var j = (int)((uint)(pick / 7) % (uint)lines.Count);
            switch ((uint)pick % 4)
            {
                case 0: lines.RemoveAt(i); break;
                case 1: lines.Insert(i, lines[j]); break;
                case 2: (lines[i], lines[j]) = (lines[j], lines[i]); break;
                default: lines[i] = lines[i].TrimStart(); break;
            }

            if (lines.Count == 0)
            {
                lines.Add(string.Empty);
            }
        }

        Check(string.Join('\n', lines));
    }

    [Fact]
    public void Deeply_nested_input_is_refused_cleanly()
    {
        var deep = "name: " + new string('[', 5000) + new string(']', 5000);
        var ex = Assert.Throws<DescriptionException>(() => DescriptionLoader.Parse(deep, "deep.yaml"));
        Assert.Contains("deep.yaml:", ex.Message, StringComparison.Ordinal);
    }

    private static string Mutate(string text, int position, int length, byte operation, string? insert)
    {
        var at = (int)((uint)position % (uint)(text.Length + 1));
        var count = Math.Min((int)((uint)length % 40), text.Length - at);
        var token = Tokens[operation % Tokens.Length];
        return (operation % 5) switch
        {
            0 => text.Remove(at, count),
            1 => text.Insert(at, insert ?? token),
            2 => text.Insert(at, token),
            3 => text.Remove(at, count).Insert(at, token + (insert ?? string.Empty)),
            _ => text[..at],
        };
    }

    private static void Check(string text)
    {
        try
        {
            DescriptionLoader.Parse(text, "fuzz.yaml");
        }
        catch (DescriptionException ex)
        {
            Assert.NotEmpty(ex.Errors);
            Assert.All(ex.Errors, e => Assert.Equal("fuzz.yaml", e.File));
            Assert.DoesNotContain("   at ", ex.Message, StringComparison.Ordinal);
        }
    }
}
