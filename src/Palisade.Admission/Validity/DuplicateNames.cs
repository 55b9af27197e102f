using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Palisade.Admission.Validity;

/// <summary>
/// One pass over a JSON payload that proves no object in it names a property twice. RFC 8259 leaves duplicate names
/// to the reader ("names SHOULD be unique"), and readers disagree: JSON Schema validators judge one occurrence (the
/// first, for JsonSchema.Net) while many consumers keep the last, so <c>{"counter":1,"counter":-5}</c> would pass the
/// schema with a value no consumer sees. Palisade refuses such payloads wherever a topic class has a JSON schema
/// (I-JSON, RFC 7493 2.3, makes unique names a must).
/// This check only serves the compiled fast path; the full path parses with
/// <see cref="JsonDocumentOptions.AllowDuplicateProperties"/> off, which is the authority. So it answers "certainly none"
/// or "cannot say" (a duplicate, an escaped name, more than <see cref="MaxNamesPerObject"/> names in one object, or
/// anything unusual), and the caller takes the full path on the latter. Bounded work: at most
/// <see cref="MaxNamesPerObject"/> comparisons per name, no allocation.
/// </summary>
internal static class DuplicateNames
{
    /// <summary>Objects with more names take the full path (its check is hashed, this one is quadratic).</summary>
    public const int MaxNamesPerObject = 16;

    /// <summary>Deepest nesting looked at; the validator refuses deeper payloads anyway (JsonDocument MaxDepth 32).</summary>
    public const int MaxDepth = 32;

    /// <summary>True when no object in <paramref name="json"/> repeats a property name; false when it does or when this pass cannot tell.</summary>
    /// <remarks>
    /// The 4 KiB of slots are not zeroed (SkipLocalsInit, which would otherwise cost about as much as the pass): an
    /// object's count is set when it opens, and only slots below it are read.
    /// </remarks>
    [SkipLocalsInit]
    public static bool CertainlyNone(ReadOnlySpan<byte> json)
    {
        Span<int> starts = stackalloc int[(MaxDepth + 1) * MaxNamesPerObject];
        Span<int> lengths = stackalloc int[(MaxDepth + 1) * MaxNamesPerObject];
        Span<int> counts = stackalloc int[MaxDepth + 1];
        var level = -1;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        if (++level > MaxDepth)
                        {
                            return false;
                        }

                        counts[level] = 0;
                        break;
                    case JsonTokenType.EndObject:
                        level--;
                        break;
                    case JsonTokenType.PropertyName:
                        if (reader.ValueIsEscaped || reader.HasValueSequence || level < 0)
                        {
                            return false;
                        }

                        var name = reader.ValueSpan;
                        var first = level * MaxNamesPerObject;
                        var count = counts[level];
                        for (var i = first; i < first + count; i++)
                        {
                            if (lengths[i] == name.Length && json.Slice(starts[i], lengths[i]).SequenceEqual(name))
                            {
                                return false;
                            }
                        }

                        if (count == MaxNamesPerObject)
                        {
                            return false;
                        }

                        // ValueSpan of an unescaped, contiguous name is the text between its quotes.
                        starts[first + count] = checked((int)reader.TokenStartIndex + 1);
                        lengths[first + count] = name.Length;
                        counts[level] = count + 1;
                        break;
                }
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
