using System.Text.Json;

namespace Palisade.Admission.Validity.Compiled;

/// <summary><c>prefixItems</c>, <c>items</c> (the items after the prefix), <c>minItems</c>, <c>maxItems</c>.</summary>
internal sealed class ArrayConstraints
{
    public required SchemaNode[] PrefixItems { get; init; }

    /// <summary>Null when absent.</summary>
    public SchemaNode? Items { get; init; }

    public long MinItems { get; init; } = -1;

    public long MaxItems { get; init; } = -1;

    public FastVerdict Validate(ref Utf8JsonReader reader, scoped Scratch scratch)
    {
        long count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var schema = count < PrefixItems.Length ? PrefixItems[count] : Items;
            count++;
            if (schema is null)
            {
                reader.Skip();
                continue;
            }

            var verdict = schema.Validate(ref reader, scratch);
            if (verdict != FastVerdict.Valid)
            {
                return verdict;
            }
        }

        if (reader.TokenType != JsonTokenType.EndArray)
        {
            return FastVerdict.Unsure;
        }

        return (MinItems >= 0 && count < MinItems) || (MaxItems >= 0 && count > MaxItems) ? FastVerdict.Invalid : FastVerdict.Valid;
    }
}
