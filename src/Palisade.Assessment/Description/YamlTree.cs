using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Palisade.Assessment.Description;

/// <summary>A node of the YAML document with the position where it starts.</summary>
internal abstract class YNode(int line, int column)
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    public abstract string Describe();
}

internal sealed class YScalar(int line, int column, string value, bool plain) : YNode(line, column)
{
    public string Value { get; } = value;

    /// <summary>Unquoted: only plain scalars can be booleans, numbers or null.</summary>
    public bool Plain { get; } = plain;

    public bool IsNull => Plain && (Value.Length == 0 || Value is "~" or "null" or "Null" or "NULL");

    public override string Describe() => IsNull ? "nothing" : $"'{Truncate(Value)}'";

    internal static string Truncate(string value) => value.Length <= 60 ? value : string.Concat(value.AsSpan(0, 57), "...");
}

internal sealed class YMapping(int line, int column) : YNode(line, column)
{
    public List<KeyValuePair<YScalar, YNode>> Entries { get; } = [];

    public YNode? Get(string key)
    {
        foreach (var entry in Entries)
        {
            if (string.Equals(entry.Key.Value, key, StringComparison.Ordinal))
            {
                return entry.Value;
            }
        }

        return null;
    }

    public override string Describe() => "a mapping";
}

internal sealed class YSequence(int line, int column) : YNode(line, column)
{
    public List<YNode> Items { get; } = [];

    public override string Describe() => "a list";
}

/// <summary>
/// Builds a position-carrying tree from YamlDotNet's parser events. An own loader (rather than the deserializer or
/// the representation model) because it keeps every node's line and column, knows the field path when the YAML
/// itself is malformed, and refuses aliases — which would otherwise let a few lines expand into billions of nodes.
/// </summary>
internal static class YamlTree
{
    private const int MaxDepth = 64;

    public static YNode? Parse(string text, string file)
    {
        var parser = new Parser(new StringReader(text));
        var path = new List<string>();
        try
        {
            parser.MoveNext();
            Expect<StreamStart>(parser, file, path);
            if (parser.Current is StreamEnd)
            {
                return null;
            }

            Expect<DocumentStart>(parser, file, path);
            if (parser.Current is DocumentEnd)
            {
                return null;
            }

            var root = ReadNode(parser, file, path, 0, new Dictionary<string, string>(StringComparer.Ordinal));
            if (parser.Current is not DocumentEnd)
            {
                throw Error(file, parser.Current!.Start, path, "unexpected content after the document");
            }

            parser.MoveNext();
            if (parser.Current is DocumentStart)
            {
                throw Error(file, parser.Current.Start, path, "a description is one YAML document; found a second one");
            }

            return root;
        }
        catch (YamlException ex)
        {
            // The parser's own message is precise about the syntax problem; the path says where in the data we were.
            var message = ex.Message;
            var cut = message.IndexOf("): ", StringComparison.Ordinal);
            if (message.StartsWith('(') && cut > 0)
            {
                message = message[(cut + 3)..];
            }

            throw Error(file, ex.Start, path, "invalid YAML: " + message);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
        {
            // YamlDotNet 18.1 throws these on some malformed input (found by the fuzz tests) instead of a YamlException;
            // the position is the end of the last event it did read.
            throw Error(file, parser.Current?.End ?? Mark.Empty, path, "invalid YAML near here");
        }
    }

    private static void Expect<T>(Parser parser, string file, List<string> path)
        where T : ParsingEvent
    {
        if (parser.Current is not T)
        {
            throw Error(file, parser.Current!.Start, path, "unexpected YAML structure");
        }

        parser.MoveNext();
    }

    private static YNode ReadNode(Parser parser, string file, List<string> path, int depth, Dictionary<string, string> keys)
    {
        var current = parser.Current ?? throw Error(file, Mark.Empty, path, "unexpected end of the file");
        if (depth > MaxDepth)
        {
            throw Error(file, current.Start, path, $"nested deeper than {MaxDepth} levels");
        }

        switch (current)
        {
            case Scalar scalar:
                parser.MoveNext();
                return new YScalar(Line(scalar.Start), Column(scalar.Start), scalar.Value, scalar.Style == ScalarStyle.Plain);
            case AnchorAlias:
                throw Error(file, current.Start, path, "YAML aliases (*name) are not supported in a description");
            case SequenceStart start:
            {
                var sequence = new YSequence(Line(start.Start), Column(start.Start));
                parser.MoveNext();
                var index = 0;
                while (parser.Current is not SequenceEnd)
                {
                    path.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{index}]"));
                    sequence.Items.Add(ReadNode(parser, file, path, depth + 1, keys));
                    path.RemoveAt(path.Count - 1);
                    index++;
                }

                parser.MoveNext();
                return sequence;
            }

            case MappingStart start:
            {
                var mapping = new YMapping(Line(start.Start), Column(start.Start));
                parser.MoveNext();
                while (parser.Current is not MappingEnd)
                {
                    if (parser.Current is not Scalar keyEvent)
                    {
                        throw Error(file, parser.Current!.Start, path, "a key must be a plain name");
                    }

                    // Keys repeat on every item: keep one copy of each (a 100k-asset file has millions of them).
                    var name = keys.TryGetValue(keyEvent.Value, out var known) ? known : keys[keyEvent.Value] = keyEvent.Value;
                    var key = new YScalar(Line(keyEvent.Start), Column(keyEvent.Start), name, keyEvent.Style == ScalarStyle.Plain);
                    if (mapping.Get(key.Value) is not null)
                    {
                        path.Add(Segment(path, key.Value));
                        throw Error(file, keyEvent.Start, path, $"the key '{YScalar.Truncate(key.Value)}' appears twice");
                    }

                    parser.MoveNext();
                    path.Add(Segment(path, key.Value));
                    mapping.Entries.Add(new(key, ReadNode(parser, file, path, depth + 1, keys)));
                    path.RemoveAt(path.Count - 1);
                }

                parser.MoveNext();
                return mapping;
            }

            default:
                throw Error(file, current.Start, path, "unexpected YAML structure");
        }
    }

    private static string Segment(List<string> path, string key) => path.Count == 0 ? key : "." + key;

    internal static string PathText(List<string> path)
    {
        if (path.Count == 0)
        {
            return "(root)";
        }

        var builder = new StringBuilder();
        foreach (var part in path)
        {
            builder.Append(part);
        }

        return builder.ToString();
    }

    private static int Line(Mark mark) => (int)Math.Max(1, mark.Line);

    private static int Column(Mark mark) => (int)Math.Max(1, mark.Column);

    private static DescriptionException Error(string file, Mark mark, List<string> path, string message) =>
        new(new DescriptionError(file, Line(mark), Column(mark), PathText(path), message));
}
