using System.Globalization;

namespace Palisade.Assessment.Description;

/// <summary>
/// Reads typed values out of a <see cref="YNode"/> tree, collecting every error with its position and field path
/// instead of stopping at the first, so one run shows the author everything to fix.
/// </summary>
internal sealed class NodeReader(string file)
{
    private const int MaxErrors = 100;

    public string File { get; } = file;

    public List<DescriptionError> Errors { get; } = [];

    public void Error(YNode node, string path, string message)
    {
        if (Errors.Count < MaxErrors)
        {
            Errors.Add(new DescriptionError(File, node.Line, node.Column, path, message));
        }
    }

    public Fields? Mapping(YNode? node, string path, IReadOnlyList<string> allowed)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not YMapping mapping)
        {
            Error(node, path, $"expected a mapping of fields, got {node.Describe()}");
            return null;
        }

        foreach (var entry in mapping.Entries)
        {
            if (!allowed.Contains(entry.Key.Value, StringComparer.Ordinal))
            {
                var suggestion = Closest(entry.Key.Value, allowed);
                Error(entry.Key, Join(path, entry.Key.Value), suggestion is null
                    ? $"unknown field '{YScalar.Truncate(entry.Key.Value)}' (known: {string.Join(", ", allowed)})"
                    : $"unknown field '{YScalar.Truncate(entry.Key.Value)}'; did you mean '{suggestion}'?");
            }
        }

        return new Fields(this, mapping, path);
    }

    public IReadOnlyList<YNode> Sequence(YNode? node, string path)
    {
        if (node is null || node is YScalar { IsNull: true })
        {
            return [];
        }

        if (node is not YSequence sequence)
        {
            Error(node, path, $"expected a list, got {node.Describe()}");
            return [];
        }

        return sequence.Items;
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    public static string Index(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");

    private static string? Closest(string typed, IReadOnlyList<string> allowed)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in allowed)
        {
            var distance = Levenshtein(typed, candidate);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        return bestDistance <= Math.Max(2, typed.Length / 3) ? best : null;
    }

    private static int Levenshtein(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64)
        {
            return int.MaxValue;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>The fields of one mapping, read by name.</summary>
    internal sealed class Fields(NodeReader reader, YMapping mapping, string path)
    {
        public YMapping Node { get; } = mapping;

        public string Path { get; } = path;

        public YNode? Get(string key) => Node.Get(key);

        public string Required(string key)
        {
            var node = Node.Get(key);
            if (node is null)
            {
                reader.Error(Node, Path, $"missing required field '{key}'");
                return string.Empty;
            }

            return Text(node, key, -1) ?? string.Empty;
        }

        public string? Optional(string key)
        {
            var node = Node.Get(key);
            return node is null || node is YScalar { IsNull: true } ? null : Text(node, key, -1);
        }

        public bool Bool(string key, bool fallback)
        {
            var node = Node.Get(key);
            if (node is null || node is YScalar { IsNull: true })
            {
                return fallback;
            }

            if (node is YScalar { Plain: true, Value: "true" })
            {
                return true;
            }

            if (node is YScalar { Plain: true, Value: "false" })
            {
                return false;
            }

            reader.Error(node, Join(Path, key), $"expected true or false, got {Got(node)}");
            return fallback;
        }

        public int? Int(string key, int min, int max)
        {
            var node = Node.Get(key);
            if (node is null || node is YScalar { IsNull: true })
            {
                return null;
            }

            if (node is YScalar { Plain: true } scalar
                && int.TryParse(scalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                && value >= min && value <= max)
            {
                return value;
            }

            reader.Error(node, Join(Path, key), string.Create(CultureInfo.InvariantCulture, $"expected a whole number from {min} to {max}, got {Got(node)}"));
            return null;
        }

        public DateOnly? Date(string key)
        {
            var node = Node.Get(key);
            if (node is null || node is YScalar { IsNull: true })
            {
                return null;
            }

            if (node is YScalar scalar
                && DateOnly.TryParseExact(scalar.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            reader.Error(node, Join(Path, key), $"expected a date like 2026-11-25, got {Got(node)}");
            return null;
        }

        public T Enum<T>(string key, T? fallback)
            where T : struct, System.Enum
        {
            var node = Node.Get(key);
            if (node is null || node is YScalar { IsNull: true })
            {
                if (fallback is { } value)
                {
                    return value;
                }

                reader.Error(Node, Path, $"missing required field '{key}'");
                return default;
            }

            if (node is YScalar scalar && KebabNames.TryParse<T>(scalar.Value, out var parsed))
            {
                return parsed;
            }

            reader.Error(node, Join(Path, key), $"expected one of {string.Join(", ", KebabNames.All<T>())}, got {Got(node)}");
            return fallback ?? default;
        }

        public IReadOnlyList<string> StringList(string key)
        {
            var itemsPath = Join(Path, key);
            var items = reader.Sequence(Node.Get(key), itemsPath);
            if (items.Count == 0)
            {
                return [];
            }

            var result = new List<string>(items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                var text = Text(items[i], key, i);
                if (text is not null)
                {
                    result.Add(text);
                }
            }

            return result;
        }

        /// <summary>Text of a scalar; the field path (<paramref name="key"/>, item <paramref name="index"/> if not -1) is built only for an error.</summary>
        private string? Text(YNode node, string key, int index)
        {
            string PathOf() => index < 0 ? Join(Path, key) : Index(Join(Path, key), index);

            if (node is YScalar scalar && !scalar.IsNull)
            {
                if (scalar.Value.Length > 10_000)
                {
                    reader.Error(node, PathOf(), "text longer than 10000 characters");
                    return null;
                }

                return scalar.Value;
            }

            reader.Error(node, PathOf(), $"expected text, got {Got(node)}");
            return null;
        }

        private static string Got(YNode node) => node.Describe();
    }
}
