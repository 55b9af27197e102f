using System.Text.Json;

namespace Palisade.Admission.Validity.Compiled;

/// <summary>
/// One compiled (sub)schema: the keywords of the subset, grouped by the kind of instance they constrain. A keyword
/// group applies only to its kind (as in JSON Schema: <c>minimum</c> ignores a string). Immutable once built.
/// </summary>
internal sealed class SchemaNode
{
    /// <summary>The boolean schema <c>true</c> (or <c>{}</c>): every instance is valid.</summary>
    public static readonly SchemaNode True = new() { AcceptsAll = true };

    /// <summary>The boolean schema <c>false</c>: no instance is valid.</summary>
    public static readonly SchemaNode False = new() { Types = JsonTypes.None };

    /// <summary>No keyword constrains anything: the value is skipped.</summary>
    public bool AcceptsAll { get; init; }

    /// <summary><c>type</c>; <see cref="JsonTypes.Any"/> when absent.</summary>
    public JsonTypes Types { get; init; } = JsonTypes.Any;

    public ScalarSet? Enum { get; init; }

    public ScalarSet? Const { get; init; }

    public NumberConstraints? Number { get; init; }

    public StringConstraints? String { get; init; }

    public ObjectConstraints? Object { get; init; }

    public ArrayConstraints? Array { get; init; }

    /// <summary>
    /// Validates the value whose first token the reader is on; leaves the reader on its last token when the answer is
    /// <see cref="FastVerdict.Valid"/> (anywhere otherwise: the caller stops). Throws what the reader throws.
    /// </summary>
    public FastVerdict Validate(ref Utf8JsonReader reader, scoped Scratch scratch)
    {
        if (AcceptsAll)
        {
            reader.Skip();
            return FastVerdict.Valid;
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                if ((Types & JsonTypes.Object) == 0)
                {
                    return FastVerdict.Invalid;
                }

                if (StructuredVerdict() is { } objectVerdict)
                {
                    return objectVerdict;
                }

                if (Object is null)
                {
                    reader.Skip();
                    return FastVerdict.Valid;
                }

                return Object.Validate(ref reader, scratch);
            case JsonTokenType.StartArray:
                if ((Types & JsonTypes.Array) == 0)
                {
                    return FastVerdict.Invalid;
                }

                if (StructuredVerdict() is { } arrayVerdict)
                {
                    return arrayVerdict;
                }

                if (Array is null)
                {
                    reader.Skip();
                    return FastVerdict.Valid;
                }

                return Array.Validate(ref reader, scratch);
            case JsonTokenType.String:
                if ((Types & JsonTypes.String) == 0)
                {
                    return FastVerdict.Invalid;
                }

                return String is null && Enum is null && Const is null
                    ? FastVerdict.Valid
                    : StringConstraints.Validate(String, Enum, Const, ref reader, scratch);
            case JsonTokenType.Number:
                return NumberConstraints.Validate(Types, Number, Enum, Const, ref reader);
            case JsonTokenType.True:
            case JsonTokenType.False:
                if ((Types & JsonTypes.Boolean) == 0)
                {
                    return FastVerdict.Invalid;
                }

                var value = reader.TokenType == JsonTokenType.True;
                return (Enum is null || Enum.ContainsBoolean(value)) && (Const is null || Const.ContainsBoolean(value))
                    ? FastVerdict.Valid
                    : FastVerdict.Invalid;
            case JsonTokenType.Null:
                if ((Types & JsonTypes.Null) == 0)
                {
                    return FastVerdict.Invalid;
                }

                return (Enum is null || Enum.ContainsNull) && (Const is null || Const.ContainsNull)
                    ? FastVerdict.Valid
                    : FastVerdict.Invalid;
            default:
                return FastVerdict.Unsure;
        }
    }

    // An object or array instance under enum/const: never equal to a scalar member; equality with a structured member
    // (deep, order-insensitive, JsonSchema.Net's own) is not modelled.
    private FastVerdict? StructuredVerdict()
    {
        if (Enum is null && Const is null)
        {
            return null;
        }

        return Enum is { HasStructured: false } || Const is { HasStructured: false } ? FastVerdict.Invalid : FastVerdict.Unsure;
    }
}
