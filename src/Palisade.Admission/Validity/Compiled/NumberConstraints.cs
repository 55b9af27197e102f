using System.Text.Json;

namespace Palisade.Admission.Validity.Compiled;

/// <summary>
/// <c>minimum</c>, <c>maximum</c>, <c>exclusiveMinimum</c>, <c>exclusiveMaximum</c>, <c>multipleOf</c>: compared
/// exactly on the number's text, as JsonSchema.Net 8 does (<see cref="DecimalText"/>).
/// </summary>
internal sealed class NumberConstraints
{
    public DecimalText? Minimum { get; init; }

    public DecimalText? Maximum { get; init; }

    public DecimalText? ExclusiveMinimum { get; init; }

    public DecimalText? ExclusiveMaximum { get; init; }

    /// <summary>Greater than zero (the compiler refuses anything else).</summary>
    public DecimalText? MultipleOf { get; init; }

    public static FastVerdict Validate(JsonTypes types, NumberConstraints? constraints, ScalarSet? enumSet, ScalarSet? constSet, ref Utf8JsonReader reader)
    {
        // JsonSchema.Net: an instance is "integer" when it parses as Int64, else "number"; "integer" also accepts a
        // number whose double is whole (1.0, 1e2). That last rule is not modelled: unsure.
        if ((types & JsonTypes.Number) == 0)
        {
            if ((types & JsonTypes.Integer) == 0)
            {
                return FastVerdict.Invalid;
            }

            if (!reader.TryGetInt64(out _))
            {
                return FastVerdict.Unsure;
            }
        }

        if (enumSet is not null || constSet is not null)
        {
            // Json.More compares numbers as decimal (GetDecimal, which throws beyond its range: leave that to the library).
            if (!reader.TryGetDecimal(out var value))
            {
                return FastVerdict.Unsure;
            }

            if ((enumSet is not null && !enumSet.ContainsNumber(value)) || (constSet is not null && !constSet.ContainsNumber(value)))
            {
                return FastVerdict.Invalid;
            }
        }

        if (constraints is null)
        {
            return FastVerdict.Valid;
        }

        Span<byte> digits = stackalloc byte[DecimalText.MaxDigits];
        if (!DecimalText.TryParse(reader.ValueSpan, digits, out var negative, out var count, out var exponent))
        {
            return FastVerdict.Unsure;
        }

        ReadOnlySpan<byte> d = digits[..count];
        if (constraints.Minimum is { } min && DecimalText.Compare(negative, d, exponent, min.Negative, min.Digits, min.Exponent) < 0)
        {
            return FastVerdict.Invalid;
        }

        if (constraints.Maximum is { } max && DecimalText.Compare(negative, d, exponent, max.Negative, max.Digits, max.Exponent) > 0)
        {
            return FastVerdict.Invalid;
        }

        if (constraints.ExclusiveMinimum is { } xmin && DecimalText.Compare(negative, d, exponent, xmin.Negative, xmin.Digits, xmin.Exponent) <= 0)
        {
            return FastVerdict.Invalid;
        }

        if (constraints.ExclusiveMaximum is { } xmax && DecimalText.Compare(negative, d, exponent, xmax.Negative, xmax.Digits, xmax.Exponent) >= 0)
        {
            return FastVerdict.Invalid;
        }

        if (constraints.MultipleOf is { } divisor)
        {
            return DecimalText.Divides(d, exponent, divisor.Digits, divisor.Exponent) switch
            {
                true => FastVerdict.Valid,
                false => FastVerdict.Invalid,
                null => FastVerdict.Unsure,
            };
        }

        return FastVerdict.Valid;
    }
}
