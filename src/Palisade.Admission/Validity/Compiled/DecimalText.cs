using System.Globalization;

namespace Palisade.Admission.Validity.Compiled;

/// <summary>
/// The exact value of a JSON number's text, as JsonSchema.Net 8 compares numbers (<c>JsonMath.NumberCompare</c> and
/// <c>Divides</c> work on the digits of the raw text, not on double or decimal): a sign, the significant digits
/// (no leading or trailing zeros; none for zero) and the power of ten of the first one
/// (value = 0.d1d2...dn × 10^(Exponent + 1)). A schema bound is kept in this form; an instance number is parsed into
/// a caller's stack buffer, without allocating.
/// </summary>
internal sealed class DecimalText
{
    /// <summary>More significant digits than this: the compiled path is unsure (no real telemetry has them).</summary>
    internal const int MaxDigits = 64;

    /// <summary>Exponents beyond this are not modelled (JsonSchema.Net's own exponent arithmetic overflows an int).</summary>
    private const int MaxExponent = 100_000_000;

    private DecimalText(bool negative, byte[] digits, int exponent)
    {
        Negative = negative;
        Digits = digits;
        Exponent = exponent;
    }

    public bool Negative { get; }

    /// <summary>Significant digits as values 0..9; empty for zero.</summary>
    public byte[] Digits { get; }

    public int Exponent { get; }

    public static DecimalText? FromText(string text)
    {
        var utf8 = System.Text.Encoding.ASCII.GetBytes(text);
        Span<byte> digits = stackalloc byte[MaxDigits];
        return TryParse(utf8, digits, out var negative, out var count, out var exponent)
            ? new DecimalText(negative, digits[..count].ToArray(), exponent)
            : null;
    }

    /// <summary>
    /// Parses a JSON number's text (as the reader validated it). False when it has more than <see cref="MaxDigits"/>
    /// significant digits or an exponent too large to model.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, Span<byte> digits, out bool negative, out int count, out int exponent)
    {
        negative = false;
        count = 0;
        exponent = 0;
        var i = 0;
        if (i < text.Length && text[i] == '-')
        {
            negative = true;
            i++;
        }

        var integerDigits = 0;
        var seenPoint = false;
        var ordinal = 0; // index of the digit among all mantissa digits
        var first = -1;
        var pendingZeros = 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '.')
            {
                seenPoint = true;
                continue;
            }

            if (c is (byte)'e' or (byte)'E')
            {
                break;
            }

            if (c is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            if (!seenPoint)
            {
                integerDigits++;
            }

            var digit = c - '0';
            if (digit == 0)
            {
                if (first >= 0)
                {
                    pendingZeros++;
                }
            }
            else
            {
                if (first < 0)
                {
                    first = ordinal;
                }

                // Zeros between significant digits are significant; trailing zeros are not (kept pending).
                if (count + pendingZeros + 1 > digits.Length)
                {
                    return false;
                }

                for (; pendingZeros > 0; pendingZeros--)
                {
                    digits[count++] = 0;
                }

                digits[count++] = (byte)digit;
            }

            ordinal++;
        }

        long exp10 = 0;
        if (i < text.Length)
        {
            i++; // 'e'
            var expNegative = false;
            if (i < text.Length && (text[i] == '-' || text[i] == '+'))
            {
                expNegative = text[i] == '-';
                i++;
            }

            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (c is < (byte)'0' or > (byte)'9')
                {
                    return false;
                }

                exp10 = exp10 * 10 + (c - '0');
                if (exp10 > MaxExponent)
                {
                    return false;
                }
            }

            if (expNegative)
            {
                exp10 = -exp10;
            }
        }

        if (first < 0)
        {
            negative = false; // -0 is zero
            return true;
        }

        exponent = (int)(integerDigits - 1 - first + exp10);
        return true;
    }

    /// <summary>Compares two exact values: negative, zero or positive like <see cref="IComparer{T}"/>.</summary>
    public static int Compare(bool negativeA, ReadOnlySpan<byte> digitsA, int exponentA, bool negativeB, ReadOnlySpan<byte> digitsB, int exponentB)
    {
        if (digitsA.IsEmpty && digitsB.IsEmpty)
        {
            return 0;
        }

        if (digitsA.IsEmpty)
        {
            return negativeB ? 1 : -1;
        }

        if (digitsB.IsEmpty)
        {
            return negativeA ? -1 : 1;
        }

        if (negativeA != negativeB)
        {
            return negativeA ? -1 : 1;
        }

        var sign = negativeA ? -1 : 1;
        if (exponentA != exponentB)
        {
            return exponentA > exponentB ? sign : -sign;
        }

        // Same magnitude: digit by digit; a longer sequence with an equal prefix is larger (its last digit is not 0).
        var c = digitsA.SequenceCompareTo(digitsB);
        return c == 0 ? 0 : c > 0 ? sign : -sign;
    }

    /// <summary>
    /// Whether <c>dividend</c> is an integer multiple of <c>divisor</c> (divisor not zero), exactly; null when the
    /// aligned integers would exceed 38 digits (the caller is then unsure).
    /// </summary>
    public static bool? Divides(ReadOnlySpan<byte> dividendDigits, int dividendExponent, ReadOnlySpan<byte> divisorDigits, int divisorExponent)
    {
        if (dividendDigits.IsEmpty)
        {
            return true;
        }

        // value = D × 10^-scale with D the digits as an integer.
        long dividendScale = dividendDigits.Length - 1L - dividendExponent;
        long divisorScale = divisorDigits.Length - 1L - divisorExponent;
        var shift = dividendScale - divisorScale;
        const int MaxDigits128 = 38;
        if (shift >= 0)
        {
            if (divisorDigits.Length + shift > MaxDigits128 || dividendDigits.Length > MaxDigits128)
            {
                return null;
            }

            return ToInteger(dividendDigits, 0) % ToInteger(divisorDigits, (int)shift) == 0;
        }

        if (dividendDigits.Length - shift > MaxDigits128 || divisorDigits.Length > MaxDigits128)
        {
            return null;
        }

        return ToInteger(dividendDigits, (int)-shift) % ToInteger(divisorDigits, 0) == 0;
    }

    public override string ToString()
    {
        var digits = string.Concat(Digits.Select(d => (char)('0' + d)));
        return string.Create(CultureInfo.InvariantCulture, $"{(Negative ? "-" : "")}0.{(digits.Length == 0 ? "0" : digits)}e{Exponent + 1}");
    }

    private static UInt128 ToInteger(ReadOnlySpan<byte> digits, int zeros)
    {
        UInt128 value = 0;
        foreach (var d in digits)
        {
            value = value * 10 + d;
        }

        for (var i = 0; i < zeros; i++)
        {
            value *= 10;
        }

        return value;
    }
}
