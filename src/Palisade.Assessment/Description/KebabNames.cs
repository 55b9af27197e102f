using System.Text;

namespace Palisade.Assessment.Description;

/// <summary>The YAML spelling of enum values: <c>EdgePlatform</c> is written <c>edge-platform</c>.</summary>
internal static class KebabNames
{
    public static string Of<T>(T value)
        where T : struct, Enum => Cache<T>.Names[value];

    public static bool TryParse<T>(string text, out T value)
        where T : struct, Enum => Cache<T>.Values.TryGetValue(text, out value);

    public static IEnumerable<string> All<T>()
        where T : struct, Enum => Cache<T>.Names.Values;

    internal static string ToKebab(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    builder.Append('-');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static class Cache<T>
        where T : struct, Enum
    {
        public static readonly Dictionary<T, string> Names = Enum.GetValues<T>().ToDictionary(v => v, v => ToKebab(v.ToString()));

        public static readonly Dictionary<string, T> Values = Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }
}
