using System.Text;
using System.Text.Json;

namespace Palisade.Admission.Validity.Compiled;

/// <summary>
/// The values of an <c>enum</c> (or the one of a <c>const</c>), compared as JsonSchema.Net 8 compares them
/// (Json.More <c>IsEquivalentTo</c>): same JSON kind, strings ordinally (here: their UTF-8 bytes, the same
/// relation for valid text), numbers as <see cref="decimal"/> (so 1, 1.0 and 1e0 are equal). Objects and arrays
/// in the set are not compared here: an object or array instance is then <see cref="FastVerdict.Unsure"/>.
/// </summary>
internal sealed class ScalarSet
{
    private readonly byte[][] _strings;
    private readonly decimal[] _numbers;
    private readonly bool _true;
    private readonly bool _false;
    private readonly bool _null;

    private ScalarSet(byte[][] strings, decimal[] numbers, bool hasTrue, bool hasFalse, bool hasNull, bool hasStructured)
    {
        _strings = strings;
        _numbers = numbers;
        _true = hasTrue;
        _false = hasFalse;
        _null = hasNull;
        HasStructured = hasStructured;
    }

    /// <summary>The set holds an object or an array.</summary>
    public bool HasStructured { get; }

    /// <summary>Null (with the reason) when a value cannot be modelled, e.g. a number outside <see cref="decimal"/>.</summary>
    public static ScalarSet? Create(IEnumerable<JsonElement> values, out string? problem)
    {
        problem = null;
        var strings = new List<byte[]>();
        var numbers = new List<decimal>();
        bool hasTrue = false, hasFalse = false, hasNull = false, structured = false;
        foreach (var value in values)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    string text;
                    try
                    {
                        text = value.GetString()!;
                    }
                    catch (InvalidOperationException)
                    {
                        problem = "a string value is not valid Unicode";
                        return null;
                    }

                    strings.Add(Encoding.UTF8.GetBytes(text));
                    break;
                case JsonValueKind.Number:
                    if (!value.TryGetDecimal(out var number))
                    {
                        problem = "a number value is outside the decimal range";
                        return null;
                    }

                    numbers.Add(number);
                    break;
                case JsonValueKind.True:
                    hasTrue = true;
                    break;
                case JsonValueKind.False:
                    hasFalse = true;
                    break;
                case JsonValueKind.Null:
                    hasNull = true;
                    break;
                default:
                    structured = true;
                    break;
            }
        }

        return new ScalarSet([.. strings], [.. numbers], hasTrue, hasFalse, hasNull, structured);
    }

    public bool ContainsString(ReadOnlySpan<byte> utf8)
    {
        foreach (var s in _strings)
        {
            if (utf8.SequenceEqual(s))
            {
                return true;
            }
        }

        return false;
    }

    public bool ContainsNumber(decimal value) => Array.IndexOf(_numbers, value) >= 0;

    public bool ContainsBoolean(bool value) => value ? _true : _false;

    public bool ContainsNull => _null;
}
