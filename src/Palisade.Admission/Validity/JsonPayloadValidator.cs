using System.Text.Json;
using System.Text.Unicode;
using Json.Schema;
using Palisade.Admission.Validity.Compiled;

namespace Palisade.Admission.Validity;

/// <summary>
/// Checks one JSON payload against a built schema. The payload is parsed once with <see cref="JsonDocument"/> (its
/// buffers come from the shared array pool and go back on dispose) and evaluated with the cheapest output (flag);
/// only a failing payload is evaluated again with the list output to name the first failing instance location.
/// The reason string carries a JSON Pointer and the failing keyword, never a value of the payload.
/// When the topic class's schema was compiled (<see cref="CompiledSchema"/>), a payload it finds certainly valid is
/// admitted without JsonSchema.Net; anything else takes the path above, so every refusal and its reason are JsonSchema.Net's.
/// </summary>
internal static class JsonPayloadValidator
{
    /// <summary>Longest instance location echoed in a reason (a pointer is made of the payload's property names).</summary>
    internal const int MaxLocationChars = 96;

    private static readonly JsonDocumentOptions ParseOptions = new()
    {
        // Strict RFC 8259: no comments, no trailing commas; a bounded depth so a deeply nested payload is refused
        // cheaply rather than walked by the evaluator.
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = DuplicateNames.MaxDepth,
        // A name given twice in one object is refused (see DuplicateNames): the schema would judge one occurrence
        // and a consumer may read the other.
        AllowDuplicateProperties = false,
    };

    // The same, accepting duplicate names: to tell a payload refused only for them (a precise reason), and for the
    // tests that compare the compiled fast path with JsonSchema.Net alone.
    private static readonly JsonDocumentOptions LenientParseOptions = ParseOptions with { AllowDuplicateProperties = true };

    private static readonly EvaluationOptions FlagOptions = new() { OutputFormat = OutputFormat.Flag };

    private static readonly EvaluationOptions ListOptions = new() { OutputFormat = OutputFormat.List };

    /// <summary>Null when <paramref name="payload"/> is JSON valid against <paramref name="schema"/>; otherwise a short reason.</summary>
    public static string? Validate(JsonSchema schema, ReadOnlyMemory<byte> payload) => Validate(schema, null, payload);

    /// <summary>Largest exponent (either sign) of a payload number handed to a schema that has <c>multipleOf</c>.</summary>
    internal const int MaxExponentUnderMultipleOf = 100_000;

    /// <summary>
    /// As <see cref="Validate(JsonSchema, ReadOnlyMemory{byte})"/>, trying <paramref name="compiled"/> (the compiled form
    /// of <paramref name="schema"/>) first. <paramref name="schemaHasMultipleOf"/>: the schema uses <c>multipleOf</c>
    /// somewhere (see <see cref="ExponentOutOfRange"/>). <paramref name="refuseDuplicateNames"/>: false only to compare
    /// with JsonSchema.Net alone (tests); the stage always refuses a property name given twice in one object.
    /// </summary>
    public static string? Validate(JsonSchema schema, CompiledSchema? compiled, ReadOnlyMemory<byte> payload, bool schemaHasMultipleOf = false,
        bool refuseDuplicateNames = true)
    {
        // JsonDocument checks UTF-8 only when a string is read, which the evaluator does (and then throws): check the
        // whole payload first (vectorised, cheap), RFC 8259 8.1 requires UTF-8.
        if (!Utf8.IsValid(payload.Span))
        {
            return "payload is not UTF-8 text";
        }

        if (compiled is not null && compiled.Evaluate(payload.Span) == FastVerdict.Valid
            && (!refuseDuplicateNames || DuplicateNames.CertainlyNone(payload.Span)))
        {
            return null;
        }

        if (schemaHasMultipleOf && ExponentOutOfRange(payload.Span))
        {
            return "payload holds a number with an exponent beyond ±100000, refused under a schema with multipleOf";
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload, refuseDuplicateNames ? ParseOptions : LenientParseOptions);
        }
        catch (JsonException e)
        {
            // Line and position only: the exception message can quote the offending token (or name).
            var at = $"line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}";
            return refuseDuplicateNames && IsJsonWithDuplicateNames(payload)
                ? $"payload gives a property name twice in one object ({at})"
                : $"payload is not JSON ({at})";
        }

        using (document)
        {
            var root = document.RootElement;
            try
            {
                if (schema.Evaluate(root, FlagOptions).IsValid)
                {
                    return null;
                }

                return Describe(schema.Evaluate(root, ListOptions));
            }
            catch (InvalidOperationException)
            {
                // An escaped lone surrogate ("\ud800") is well-formed JSON but no string: reading it throws.
                return "payload is not JSON text (a string is not valid Unicode)";
            }
            catch (RefResolutionException)
            {
                // Defence in depth: the registry refuses unresolved references at load. Fail closed, without detail.
                return "the topic class's schema cannot be evaluated (unresolved reference)";
            }
        }
    }

    // Only on the refusal path: well-formed once duplicate names are allowed means they were the reason.
    private static bool IsJsonWithDuplicateNames(ReadOnlyMemory<byte> payload)
    {
        try
        {
            using var _ = JsonDocument.Parse(payload, LenientParseOptions);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Describe(EvaluationResults results)
    {
        // List output: a flat list of units; the first one that failed with an error of its own is the most precise.
        if (results.Details is { } details)
        {
            foreach (var unit in details)
            {
                if (!unit.IsValid && unit.Errors is { Count: > 0 } errors)
                {
                    return Reason(unit.InstanceLocation.ToString(), errors.Keys.First());
                }
            }
        }

        if (!results.IsValid && results.Errors is { Count: > 0 } rootErrors)
        {
            return Reason(results.InstanceLocation.ToString(), rootErrors.Keys.First());
        }

        return Reason("", null);
    }

    private static string Reason(string location, string? keyword)
    {
        if (location.Length == 0)
        {
            location = "/";
        }
        else if (location.Length > MaxLocationChars)
        {
            location = string.Concat(location.AsSpan(0, MaxLocationChars), "…");
        }

        // Control characters of a property name are not echoed into a reason string.
        location = string.Create(location.Length, location, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
        return keyword is null
            ? $"schema violation at {location}"
            : $"schema violation at {location} ({keyword})";
    }

    /// <summary>
    /// JsonSchema.Net 8.0.5's <c>multipleOf</c> (<c>JsonMath.Divides</c>) stack-allocates one byte per decimal place
    /// between the two numbers' scales: a 15-byte payload such as <c>{"v":1e3000000}</c> overflows the thread's stack
    /// and ends the process (a stack overflow cannot be caught). Under a schema that has <c>multipleOf</c>, a number
    /// whose exponent is beyond <see cref="MaxExponentUnderMultipleOf"/> is therefore refused before the library sees
    /// it. Not JSON: false (the parser reports it).
    /// </summary>
    internal static bool ExponentOutOfRange(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 32 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.Number)
                {
                    continue;
                }

                var text = reader.ValueSpan;
                var e = text.IndexOfAny((byte)'e', (byte)'E');
                if (e < 0)
                {
                    continue;
                }

                long exponent = 0;
                foreach (var c in text[(e + 1)..])
                {
                    if (c is >= (byte)'0' and <= (byte)'9')
                    {
                        exponent = exponent * 10 + (c - '0');
                        if (exponent > MaxExponentUnderMultipleOf)
                        {
                            return true;
                        }
                    }
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return false;
    }
}
