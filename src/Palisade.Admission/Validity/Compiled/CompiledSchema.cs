using System.Text.Json;
using System.Text.RegularExpressions;

namespace Palisade.Admission.Validity.Compiled;

/// <summary>
/// A topic class's JSON Schema compiled, at load, into a streaming validator for a subset of draft 2020-12
/// (docs/admission.md, "Data validity"): it walks the payload once with <see cref="Utf8JsonReader"/>, without
/// building a document and without allocating on the valid path. It answers <see cref="FastVerdict.Valid"/> only
/// when JsonSchema.Net 8.0.5 would certainly say valid; otherwise the caller asks JsonSchema.Net, which decides and
/// words the refusal. Immutable and thread-safe.
/// </summary>
internal sealed class CompiledSchema
{
    /// <summary>The payload parser's depth limit, the same as the JsonDocument fallback's.</summary>
    public const int MaxDepth = 32;

    private const int StackBytes = 256;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = MaxDepth,
    };

    private readonly SchemaNode _root;

    internal CompiledSchema(SchemaNode root) => _root = root;

    /// <summary>Judges one payload (already checked to be UTF-8 by the caller).</summary>
    public FastVerdict Evaluate(ReadOnlySpan<byte> utf8Json)
    {
        Span<byte> bytes = stackalloc byte[StackBytes];
        Span<char> chars = stackalloc char[StackBytes];
        var scratch = new Scratch(bytes, chars);
        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        try
        {
            if (!reader.Read())
            {
                return FastVerdict.Unsure;
            }

            var verdict = _root.Validate(ref reader, scratch);
            if (verdict != FastVerdict.Valid)
            {
                return verdict;
            }

            // Only whitespace may follow the value (the reader throws on anything else).
            return reader.Read() ? FastVerdict.Unsure : FastVerdict.Valid;
        }
        catch (JsonException)
        {
            return FastVerdict.Unsure; // not JSON, or deeper than MaxDepth: JsonSchema.Net's path words the refusal
        }
        catch (InvalidOperationException)
        {
            return FastVerdict.Unsure; // an escaped lone surrogate in a string that had to be read
        }
        catch (RegexMatchTimeoutException)
        {
            return FastVerdict.Unsure;
        }
    }
}
