using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Palisade.Admission.Tests.Validity.Compiled;

/// <summary>
/// Generates schemas of the compiled subset and instances biased to sit near their boundaries: declared property
/// names, bound values written in several forms (400, 400.0, 4e2, 400.000...1), integers as 1.0 and 1e2, strings with
/// non-ASCII text, combining marks, CR LF, escapes and escaped lone surrogates, duplicate and escaped property names.
/// Deterministic for a seed (a SplitMix64 of its own: System.Random is banned and a seed must replay).
/// </summary>
internal sealed class SchemaCaseGenerator
{
    private static readonly string[] Names = ["a", "b", "machineId", "é", "x1", "x2", "ts"];
    private static readonly string[] TypeNames = ["null", "boolean", "object", "array", "number", "integer", "string"];
    private static readonly string[] Bounds = ["0", "-40", "400", "1.5", "0.1", "1e2", "9007199254740991", "-1e-3", "12.50", "2"];
    private static readonly string[] Divisors = ["0.01", "3", "0.5", "7", "1e-2", "2.5"];
    private static readonly string[] Patterns = ["^[a-z]+$", "^[A-Z0-9-]{1,16}$", "b", "^\\d+$", "é", "^.{2}$", "^$", "^x"];
    private static readonly string[] Scalars = ["1", "1.0", "2.5", "-0", "3e0", "true", "false", "null", "\"idle\"", "\"running\"", "\"é\"", "\"\"", "12.50"];

    // Strings as JSON text (some escaped).
    private static readonly string[] Strings =
    [
        "\"idle\"", "\"running\"", "\"x\"", "\"\"", "\"ab\"", "\"abc\"", "\"é\"", "\"e\u0301\"", "\"\\r\\n\"", "\"a\\r\\nb\"",
        "\"\\u0061b\"", "\"\\u00e9\"", "\"😀\"", "\"\\ud83d\\ude00\"", "\"123\"", "\"١٢٣\"", "\"SPINDLE-OVERLOAD\"", "\"press-7\"",
        "\"x1\"", "\"\\ud800\"", "\"tab\\there\"", "\"\\\"q\\\"\"",
    ];

    private ulong _state;

    public SchemaCaseGenerator(ulong seed) => _state = seed;

    public bool LeadingDraft202012 { get; private set; }

    /// <summary>A schema document as text.</summary>
    public string Schema()
    {
        LeadingDraft202012 = Chance(0.5);
        var node = Node(depth: 3, isRoot: true);
        return node!.ToJsonString();
    }

    /// <summary>An instance for <paramref name="schemaText"/> as JSON text.</summary>
    public string Instance(string schemaText)
    {
        var sb = new StringBuilder();
        Value(JsonNode.Parse(schemaText), sb, depth: 4);
        return sb.ToString();
    }

    private JsonNode? Node(int depth, bool isRoot = false)
    {
        if (!isRoot && Chance(0.06))
        {
            return JsonValue.Create(Chance(0.7));
        }

        var o = new JsonObject();
        if (isRoot && LeadingDraft202012)
        {
            o["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        }

        if (Chance(0.1))
        {
            o["title"] = "t";
        }

        if (Chance(0.5))
        {
            if (Chance(0.7))
            {
                o["type"] = Pick(TypeNames);
            }
            else
            {
                var types = new JsonArray();
                foreach (var t in TypeNames.Where(_ => Chance(0.35)).DefaultIfEmpty("string"))
                {
                    types.Add(t);
                }

                o["type"] = types;
            }
        }

        if (Chance(0.12))
        {
            var values = new JsonArray();
            var n = 1 + Next(4);
            for (var i = 0; i < n; i++)
            {
                values.Add(JsonNode.Parse(Chance(0.05) ? "{\"a\":1}" : Pick(Scalars)));
            }

            o["enum"] = values;
        }

        if (Chance(0.05))
        {
            o["const"] = JsonNode.Parse(Pick(Scalars));
        }

        foreach (var keyword in new[] { "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" })
        {
            if (Chance(0.15))
            {
                o[keyword] = JsonNode.Parse(Pick(Bounds));
            }
        }

        if (Chance(0.1))
        {
            o["multipleOf"] = JsonNode.Parse(Pick(Divisors));
        }

        if (Chance(0.12))
        {
            o["minLength"] = Next(3);
        }

        if (Chance(0.12))
        {
            o["maxLength"] = Next(4);
        }

        if (Chance(0.15))
        {
            o["pattern"] = Pick(Patterns);
        }

        if (LeadingDraft202012 && Chance(0.05))
        {
            o["format"] = "date-time";
        }

        if (depth > 0 && Chance(0.45))
        {
            var properties = new JsonObject();
            foreach (var name in Names.Where(_ => Chance(0.35)))
            {
                properties[name] = Node(depth - 1);
            }

            o["properties"] = properties;
            if (Chance(0.5))
            {
                var required = new JsonArray();
                foreach (var name in Names.Where(_ => Chance(0.25)))
                {
                    required.Add(name);
                }

                o["required"] = required;
            }

            if (Chance(0.15))
            {
                o["patternProperties"] = new JsonObject { ["^x"] = Node(depth - 1) };
            }

            if (Chance(0.5))
            {
                o["additionalProperties"] = Chance(0.6) ? JsonValue.Create(false) : Node(depth - 1);
            }

            if (Chance(0.1))
            {
                o["minProperties"] = Next(3);
            }

            if (Chance(0.1))
            {
                o["maxProperties"] = 1 + Next(4);
            }
        }

        if (depth > 0 && Chance(0.2))
        {
            if (Chance(0.5))
            {
                var prefix = new JsonArray();
                var n = 1 + Next(2);
                for (var i = 0; i < n; i++)
                {
                    prefix.Add(Node(depth - 1));
                }

                o["prefixItems"] = prefix;
            }

            if (Chance(0.7))
            {
                o["items"] = Node(depth - 1);
            }

            if (Chance(0.2))
            {
                o["minItems"] = Next(3);
            }

            if (Chance(0.2))
            {
                o["maxItems"] = Next(4);
            }
        }

        return o;
    }

    private void Value(JsonNode? schema, StringBuilder sb, int depth)
    {
        if (schema is not JsonObject s || depth == 0 || Chance(0.07))
        {
            Arbitrary(sb, depth);
            return;
        }

        if (s["enum"] is JsonArray members && members.Count > 0 && Chance(0.6))
        {
            Variant(members[Next(members.Count)], sb);
            return;
        }

        if (s.ContainsKey("const") && Chance(0.6))
        {
            Variant(s["const"], sb);
            return;
        }

        var type = s["type"] switch
        {
            JsonValue v => v.GetValue<string>(),
            JsonArray a when a.Count > 0 => a[Next(a.Count)]!.GetValue<string>(),
            _ => s.ContainsKey("properties") ? "object" : s.ContainsKey("items") || s.ContainsKey("prefixItems") ? "array" : Pick(TypeNames),
        };
        switch (type)
        {
            case "null":
                sb.Append("null");
                break;
            case "boolean":
                sb.Append(Chance(0.5) ? "true" : "false");
                break;
            case "string":
                sb.Append(Pick(Strings));
                break;
            case "integer":
            case "number":
                Number(s, sb, type == "integer");
                break;
            case "array":
                Array(s, sb, depth);
                break;
            default:
                Object(s, sb, depth);
                break;
        }
    }

    private void Object(JsonObject s, StringBuilder sb, int depth)
    {
        var properties = s["properties"] as JsonObject;
        var entries = new List<(string Name, JsonNode? Schema)>();
        foreach (var name in Names)
        {
            var declared = properties?[name];
            var isDeclared = properties?.ContainsKey(name) == true;
            if (Chance(isDeclared ? 0.8 : 0.15))
            {
                entries.Add((name, isDeclared ? declared : (s["additionalProperties"] is JsonObject add ? add : null)));
            }
        }

        if (entries.Count > 0 && Chance(0.05))
        {
            entries.Add(entries[Next(entries.Count)]); // a duplicate name
        }

        sb.Append('{');
        for (var i = 0; i < entries.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            var (name, schema) = entries[i];
            sb.Append('"').Append(Chance(0.03) && name == "a" ? "\\u0061" : name).Append("\":");
            Value(schema, sb, depth - 1);
        }

        sb.Append('}');
    }

    private void Array(JsonObject s, StringBuilder sb, int depth)
    {
        var prefix = s["prefixItems"] as JsonArray;
        var n = Next(5);
        sb.Append('[');
        for (var i = 0; i < n; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            Value(prefix is not null && i < prefix.Count ? prefix[i] : s["items"], sb, depth - 1);
        }

        sb.Append(']');
    }

    private void Number(JsonObject s, StringBuilder sb, bool integer)
    {
        var bounds = new[] { "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf" }
            .Where(s.ContainsKey).Select(k => s[k]!.ToJsonString()).ToList();
        if (bounds.Count > 0 && Chance(0.7))
        {
            var bound = decimal.Parse(bounds[Next(bounds.Count)], NumberStyles.Float, CultureInfo.InvariantCulture);
            var deltas = new[] { 0m, 0.001m, -0.001m, 1m, -1m, 0.5m, 2m, 0.0000000000000000000000001m };
            var value = bound * (Chance(0.2) ? Next(4) : 1) + deltas[Next(deltas.Length)];
            sb.Append(Form(value, integer));
            return;
        }

        var plain = new[] { "0", "1", "-1", "1.0", "1e2", "1E+2", "2.5", "-0", "0.1", "9007199254740993", "1e400", "123456789012345678901234567890", "12.5", "3" };
        sb.Append(Pick(plain));
    }

    // The same value in one of several texts.
    private string Form(decimal value, bool integer)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        return Next(5) switch
        {
            0 when !text.Contains('.', StringComparison.Ordinal) => text + ".0",
            1 when value != 0 => value.ToString("E6", CultureInfo.InvariantCulture),
            2 => text + (text.Contains('.', StringComparison.Ordinal) ? "000000000000000000000000000000001" : ".000000000000000000000000000000001"),
            _ => integer ? decimal.Truncate(value).ToString(CultureInfo.InvariantCulture) : text,
        };
    }

    private void Variant(JsonNode? member, StringBuilder sb)
    {
        var text = member?.ToJsonString() ?? "null";
        if (member is JsonValue v && v.GetValueKind() == JsonValueKind.Number && Chance(0.5))
        {
            var d = decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            sb.Append(Form(d, integer: false));
            return;
        }

        if (member is JsonValue sv && sv.GetValueKind() == JsonValueKind.String && Chance(0.3))
        {
            var raw = sv.GetValue<string>();
            sb.Append('"');
            foreach (var c in raw)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }

            sb.Append('"');
            return;
        }

        sb.Append(text);
    }

    private void Arbitrary(StringBuilder sb, int depth)
    {
        switch (Next(depth > 0 ? 7 : 5))
        {
            case 0:
                sb.Append("null");
                break;
            case 1:
                sb.Append(Chance(0.5) ? "true" : "false");
                break;
            case 2:
                sb.Append(Pick(Strings));
                break;
            case 3:
            case 4:
                sb.Append(Pick(Scalars));
                break;
            case 5:
                sb.Append('[');
                Arbitrary(sb, depth - 1);
                sb.Append(']');
                break;
            default:
                sb.Append("{\"").Append(Pick(Names)).Append("\":");
                Arbitrary(sb, depth - 1);
                sb.Append('}');
                break;
        }
    }

    private T Pick<T>(T[] items) => items[Next(items.Length)];

    private bool Chance(double p) => (NextULong() >> 11) * (1.0 / (1UL << 53)) < p;

    private int Next(int max) => (int)(NextULong() % (ulong)max);

    private ulong NextULong()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
