using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Palisade.Admission.Validity.Compiled;

/// <summary>
/// <c>minLength</c>, <c>maxLength</c> and <c>pattern</c>, as JsonSchema.Net 8 evaluates them: a length is the number
/// of text elements (extended grapheme clusters, <see cref="StringInfo"/>), so "\r\n" or "é" written as e + U+0301
/// count as one; a pattern is a <see cref="Regex"/> built with <see cref="PatternOptions"/> and matched against the
/// whole string. <c>enum</c>/<c>const</c> of strings are checked here too (they need the same unescaped text).
/// </summary>
internal sealed class StringConstraints
{
    /// <summary>The options JsonSchema.Net 8.0.5 builds <c>pattern</c> and <c>patternProperties</c> with.</summary>
    public const RegexOptions PatternOptions = RegexOptions.Compiled | RegexOptions.ECMAScript;

    /// <summary>-1 when absent.</summary>
    public long MinLength { get; init; } = -1;

    /// <summary>-1 when absent.</summary>
    public long MaxLength { get; init; } = -1;

    public Regex? Pattern { get; init; }

    public static FastVerdict Validate(StringConstraints? constraints, ScalarSet? enumSet, ScalarSet? constSet, ref Utf8JsonReader reader, scoped Scratch scratch)
    {
        byte[]? rentedBytes = null;
        char[]? rentedChars = null;
        try
        {
            scoped ReadOnlySpan<byte> utf8;
            if (reader.ValueIsEscaped)
            {
                // Unescaped text is never longer than the escaped one. An escaped lone surrogate throws
                // InvalidOperationException (as JsonSchema.Net's GetString would): the caller answers unsure.
                var raw = reader.ValueSpan.Length;
                var buffer = raw <= scratch.Bytes.Length ? scratch.Bytes : (rentedBytes = ArrayPool<byte>.Shared.Rent(raw));
                var written = reader.CopyString(buffer);
                utf8 = buffer[..written];
            }
            else
            {
                utf8 = reader.ValueSpan;
            }

            if ((enumSet is not null && !enumSet.ContainsString(utf8)) || (constSet is not null && !constSet.ContainsString(utf8)))
            {
                return FastVerdict.Invalid;
            }

            if (constraints is null)
            {
                return FastVerdict.Valid;
            }

            var ascii = Ascii.IsValid(utf8);
            scoped ReadOnlySpan<char> text = default;
            var needText = constraints.Pattern is not null || (!ascii && (constraints.MinLength >= 0 || constraints.MaxLength >= 0));
            if (needText)
            {
                // Valid UTF-8 (checked for the whole payload first): at most one UTF-16 unit per byte.
                var buffer = utf8.Length <= scratch.Chars.Length ? scratch.Chars : (rentedChars = ArrayPool<char>.Shared.Rent(utf8.Length));
                var chars = Encoding.UTF8.GetChars(utf8, buffer);
                text = buffer[..chars];
            }

            if (constraints.MinLength >= 0 || constraints.MaxLength >= 0)
            {
                var length = ascii ? AsciiTextElements(utf8) : TextElements(text);
                if ((constraints.MinLength >= 0 && length < constraints.MinLength) || (constraints.MaxLength >= 0 && length > constraints.MaxLength))
                {
                    return FastVerdict.Invalid;
                }
            }

            if (constraints.Pattern is { } pattern && !pattern.IsMatch(text))
            {
                return FastVerdict.Invalid;
            }

            return FastVerdict.Valid;
        }
        finally
        {
            if (rentedBytes is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedBytes);
            }

            if (rentedChars is not null)
            {
                ArrayPool<char>.Shared.Return(rentedChars);
            }
        }
    }

    // ASCII: every character is a text element of its own except CR LF, which is one (UAX #29, GB3).
    private static long AsciiTextElements(ReadOnlySpan<byte> ascii)
    {
        long length = ascii.Length;
        for (var i = ascii.IndexOf((byte)'\r'); i >= 0 && i < ascii.Length - 1; i = NextCr(ascii, i + 1))
        {
            if (ascii[i + 1] == '\n')
            {
                length--;
            }
        }

        return length;
    }

    private static int NextCr(ReadOnlySpan<byte> ascii, int from)
    {
        var next = ascii[from..].IndexOf((byte)'\r');
        return next < 0 ? -1 : from + next;
    }

    // The same segmentation StringInfo.LengthInTextElements uses.
    private static long TextElements(ReadOnlySpan<char> text)
    {
        long count = 0;
        while (!text.IsEmpty)
        {
            text = text[StringInfo.GetNextTextElementLength(text)..];
            count++;
        }

        return count;
    }
}
