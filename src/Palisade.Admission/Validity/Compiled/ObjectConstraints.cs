using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Palisade.Admission.Validity.Compiled;

/// <summary>
/// <c>properties</c>, <c>required</c>, <c>patternProperties</c>, <c>additionalProperties</c>, <c>minProperties</c>,
/// <c>maxProperties</c>. Names are matched on their UTF-8 bytes. A value several keywords apply to (a declared
/// property that also matches a pattern) is walked once per keyword from a copy of the reader. Unsure on an escaped
/// property name and on a name of <see cref="Names"/> given twice (JsonSchema.Net's <c>properties</c> then judges
/// the first occurrence and <c>required</c> the last, which is not modelled).
/// </summary>
internal sealed class ObjectConstraints
{
    /// <summary>At most this many distinct names in <c>properties</c> and <c>required</c> together (a bit each).</summary>
    public const int MaxNames = 64;

    /// <summary>Names of <c>properties</c> and <c>required</c>, UTF-8.</summary>
    public required byte[][] Names { get; init; }

    /// <summary>Per name: its <c>properties</c> subschema, or null for a name that is only required.</summary>
    public required SchemaNode?[] NameSchemas { get; init; }

    /// <summary>Bit i set: <see cref="Names"/>[i] is required.</summary>
    public ulong RequiredMask { get; init; }

    public required (Regex Pattern, SchemaNode Schema)[] PatternProperties { get; init; }

    /// <summary>Null when absent (additional properties are then unconstrained).</summary>
    public SchemaNode? AdditionalProperties { get; init; }

    public long MinProperties { get; init; } = -1;

    public long MaxProperties { get; init; } = -1;

    public FastVerdict Validate(ref Utf8JsonReader reader, scoped Scratch scratch)
    {
        ulong seen = 0;
        long count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped)
            {
                return FastVerdict.Unsure;
            }

            count++;
            var name = reader.ValueSpan;
            var index = IndexOf(name);
            SchemaNode? declared = null;
            if (index >= 0)
            {
                var bit = 1UL << index;
                if ((seen & bit) != 0)
                {
                    return FastVerdict.Unsure;
                }

                seen |= bit;
                declared = NameSchemas[index];
            }

            var patternMatches = PatternProperties.Length == 0 ? 0UL : MatchPatterns(name, scratch);
            if (!reader.Read())
            {
                return FastVerdict.Unsure;
            }

            var verdict = ValidateValue(declared, patternMatches, ref reader, scratch);
            if (verdict != FastVerdict.Valid)
            {
                return verdict;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            return FastVerdict.Unsure;
        }

        if ((seen & RequiredMask) != RequiredMask)
        {
            return FastVerdict.Invalid;
        }

        if ((MinProperties >= 0 && count < MinProperties) || (MaxProperties >= 0 && count > MaxProperties))
        {
            return FastVerdict.Invalid;
        }

        return FastVerdict.Valid;
    }

    // The value's schemas: its properties entry, every matching pattern, and additionalProperties only when neither.
    private FastVerdict ValidateValue(SchemaNode? declared, ulong patternMatches, ref Utf8JsonReader reader, scoped Scratch scratch)
    {
        var additional = declared is null && patternMatches == 0 ? AdditionalProperties : null;
        var remaining = (declared is null ? 0 : 1) + System.Numerics.BitOperations.PopCount(patternMatches) + (additional is null ? 0 : 1);
        if (remaining == 0)
        {
            reader.Skip();
            return FastVerdict.Valid;
        }

        if (declared is not null && Apply(declared, --remaining, ref reader, scratch) is var v1 && v1 != FastVerdict.Valid)
        {
            return v1;
        }

        for (var i = 0; patternMatches != 0; i++, patternMatches >>= 1)
        {
            if ((patternMatches & 1) != 0 && Apply(PatternProperties[i].Schema, --remaining, ref reader, scratch) is var v2 && v2 != FastVerdict.Valid)
            {
                return v2;
            }
        }

        return additional is null ? FastVerdict.Valid : Apply(additional, --remaining, ref reader, scratch);
    }

    // All but the last schema read a copy of the reader, so the last one leaves the real reader after the value.
    private static FastVerdict Apply(SchemaNode schema, int othersAfter, ref Utf8JsonReader reader, scoped Scratch scratch)
    {
        if (othersAfter == 0)
        {
            return schema.Validate(ref reader, scratch);
        }

        var copy = reader;
        return schema.Validate(ref copy, scratch);
    }

    private int IndexOf(ReadOnlySpan<byte> name)
    {
        var names = Names;
        for (var i = 0; i < names.Length; i++)
        {
            if (name.SequenceEqual(names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private ulong MatchPatterns(ReadOnlySpan<byte> name, scoped Scratch scratch)
    {
        char[]? rented = null;
        try
        {
            var buffer = name.Length <= scratch.Chars.Length ? scratch.Chars : (rented = ArrayPool<char>.Shared.Rent(name.Length));
            var text = buffer[..Encoding.UTF8.GetChars(name, buffer)];
            ulong matches = 0;
            for (var i = 0; i < PatternProperties.Length; i++)
            {
                if (PatternProperties[i].Pattern.IsMatch(text))
                {
                    matches |= 1UL << i;
                }
            }

            return matches;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
