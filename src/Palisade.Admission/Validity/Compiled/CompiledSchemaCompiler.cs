using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Palisade.Admission.Validity.Compiled;

/// <summary>
/// Compiles a schema document (already accepted by JsonSchema.Net's builder) into a <see cref="CompiledSchema"/>
/// when every keyword anywhere in it belongs to the modelled subset; otherwise says why not, and the topic class
/// keeps using JsonSchema.Net alone. Load time only.
/// </summary>
internal static class CompiledSchemaCompiler
{
    /// <summary>The dialect whose <c>format</c> is an annotation in JsonSchema.Net 8 (its default dialect, v1, asserts formats).</summary>
    internal const string Draft202012 = "https://json-schema.org/draft/2020-12/schema";

    private static readonly HashSet<string> AnnotationKeywords = new(StringComparer.Ordinal)
    {
        "$id", "$comment", "title", "description", "examples", "default", "deprecated", "readOnly", "writeOnly",
    };

    private static readonly Dictionary<string, JsonTypes> TypeNames = new(StringComparer.Ordinal)
    {
        ["null"] = JsonTypes.Null,
        ["boolean"] = JsonTypes.Boolean,
        ["object"] = JsonTypes.Object,
        ["array"] = JsonTypes.Array,
        ["number"] = JsonTypes.Number,
        ["integer"] = JsonTypes.Integer,
        ["string"] = JsonTypes.String,
    };

    /// <summary>The compiled form, or null with <paramref name="reason"/> saying which keyword (and where) is outside the subset.</summary>
    public static CompiledSchema? TryCompile(JsonElement root, out string? reason)
    {
        reason = null;
        var formatIsAnnotation = false;
        if (root.ValueKind == JsonValueKind.Object)
        {
            if (root.TryGetProperty("$schema", out var dialect))
            {
                var id = dialect.ValueKind == JsonValueKind.String ? dialect.GetString() : null;
                if (id is not (Draft202012 or Draft202012 + "#"))
                {
                    reason = "$schema names a dialect other than draft 2020-12";
                    return null;
                }

                // JsonSchema.Net switches dialect when it meets $schema: keywords before it are built with the default
                // dialect (v1), whose format asserts. Only a leading $schema makes every format an annotation.
                using var properties = root.EnumerateObject();
                formatIsAnnotation = properties.MoveNext() && properties.Current.NameEquals("$schema");
            }
        }

        try
        {
            var node = Compile(root, "", isRoot: true, formatIsAnnotation);
            return new CompiledSchema(node);
        }
        catch (NotCompilableException e)
        {
            reason = e.Message;
            return null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or RegexParseException)
        {
            reason = "not compilable: " + e.Message;
            return null;
        }
    }

    private static SchemaNode Compile(JsonElement schema, string path, bool isRoot, bool formatIsAnnotation)
    {
        switch (schema.ValueKind)
        {
            case JsonValueKind.True:
                return SchemaNode.True;
            case JsonValueKind.False:
                return SchemaNode.False;
            case JsonValueKind.Object:
                break;
            default:
                throw new NotCompilableException($"the schema at '{Location(path)}' is not an object or a boolean");
        }

        var keywords = new HashSet<string>(StringComparer.Ordinal);
        var types = JsonTypes.Any;
        ScalarSet? enumSet = null, constSet = null;
        DecimalText? minimum = null, maximum = null, exclusiveMinimum = null, exclusiveMaximum = null, multipleOf = null;
        long minLength = -1, maxLength = -1, minItems = -1, maxItems = -1, minProperties = -1, maxProperties = -1;
        Regex? pattern = null;
        JsonElement? properties = null, patternProperties = null, additionalProperties = null, items = null, prefixItems = null;
        string[] required = [];

        foreach (var keyword in schema.EnumerateObject())
        {
            var name = keyword.Name;
            var value = keyword.Value;
            var at = path + "/" + name;
            if (!keywords.Add(name))
            {
                throw new NotCompilableException($"keyword '{name}' appears twice at '{Location(path)}'");
            }

            switch (name)
            {
                case "$schema" when isRoot:
                    break; // checked by TryCompile
                case "format" when formatIsAnnotation:
                    break;
                case "type":
                    types = Types(value, at);
                    break;
                case "enum" when value.ValueKind == JsonValueKind.Array:
                    enumSet = Scalars(value.EnumerateArray(), at);
                    break;
                case "const":
                    constSet = Scalars([value], at);
                    break;
                case "minimum":
                    minimum = Number(value, at);
                    break;
                case "maximum":
                    maximum = Number(value, at);
                    break;
                case "exclusiveMinimum":
                    exclusiveMinimum = Number(value, at);
                    break;
                case "exclusiveMaximum":
                    exclusiveMaximum = Number(value, at);
                    break;
                case "multipleOf":
                    multipleOf = Number(value, at);
                    if (multipleOf.Negative || multipleOf.Digits.Length == 0)
                    {
                        throw new NotCompilableException($"'{at}' is not greater than zero");
                    }

                    break;
                case "minLength":
                    minLength = Count(value, at);
                    break;
                case "maxLength":
                    maxLength = Count(value, at);
                    break;
                case "minItems":
                    minItems = Count(value, at);
                    break;
                case "maxItems":
                    maxItems = Count(value, at);
                    break;
                case "minProperties":
                    minProperties = Count(value, at);
                    break;
                case "maxProperties":
                    maxProperties = Count(value, at);
                    break;
                case "pattern" when value.ValueKind == JsonValueKind.String:
                    pattern = new Regex(value.GetString()!, StringConstraints.PatternOptions);
                    break;
                case "properties" when value.ValueKind == JsonValueKind.Object:
                    properties = value;
                    break;
                case "patternProperties" when value.ValueKind == JsonValueKind.Object:
                    patternProperties = value;
                    break;
                case "additionalProperties":
                    additionalProperties = value;
                    break;
                case "required" when value.ValueKind == JsonValueKind.Array:
                    required = value.EnumerateArray().Select(r => r.ValueKind == JsonValueKind.String ? r.GetString()! : throw new NotCompilableException($"'{at}' holds a non-string")).ToArray();
                    break;
                case "items":
                    items = value;
                    break;
                case "prefixItems" when value.ValueKind == JsonValueKind.Array:
                    prefixItems = value;
                    break;
                default:
                    if (AnnotationKeywords.Contains(name))
                    {
                        break;
                    }

                    throw new NotCompilableException($"keyword '{name}' at '{Location(path)}' is outside the compiled subset");
            }
        }

        var number = minimum is null && maximum is null && exclusiveMinimum is null && exclusiveMaximum is null && multipleOf is null
            ? null
            : new NumberConstraints { Minimum = minimum, Maximum = maximum, ExclusiveMinimum = exclusiveMinimum, ExclusiveMaximum = exclusiveMaximum, MultipleOf = multipleOf };
        var text = minLength < 0 && maxLength < 0 && pattern is null
            ? null
            : new StringConstraints { MinLength = minLength, MaxLength = maxLength, Pattern = pattern };
        var obj = ObjectGroup(path, properties, patternProperties, additionalProperties, required, minProperties, maxProperties, formatIsAnnotation);
        var array = ArrayGroup(path, items, prefixItems, minItems, maxItems, formatIsAnnotation);

        if (types == JsonTypes.Any && enumSet is null && constSet is null && number is null && text is null && obj is null && array is null)
        {
            return SchemaNode.True;
        }

        return new SchemaNode { Types = types, Enum = enumSet, Const = constSet, Number = number, String = text, Object = obj, Array = array };
    }

    private static ObjectConstraints? ObjectGroup(string path, JsonElement? properties, JsonElement? patternProperties, JsonElement? additionalProperties, string[] required, long minProperties, long maxProperties, bool formatIsAnnotation)
    {
        if (properties is null && patternProperties is null && additionalProperties is null && required.Length == 0 && minProperties < 0 && maxProperties < 0)
        {
            return null;
        }

        var names = new List<string>();
        var schemas = new List<SchemaNode?>();
        if (properties is { } declared)
        {
            foreach (var property in declared.EnumerateObject())
            {
                // JsonSchema.Net finds a declared property through a JSON Pointer built from the raw name: a name with
                // '/' or '~' (or an empty one) would not be found as written. Not modelled.
                if (property.Name.Length == 0 || property.Name.Contains('/', StringComparison.Ordinal) || property.Name.Contains('~', StringComparison.Ordinal))
                {
                    throw new NotCompilableException($"property name at '{Location(path + "/properties")}' is empty or holds '/' or '~'");
                }

                if (names.Contains(property.Name))
                {
                    throw new NotCompilableException($"property '{property.Name}' is declared twice at '{Location(path + "/properties")}'");
                }

                names.Add(property.Name);
                schemas.Add(Compile(property.Value, path + "/properties/" + property.Name, isRoot: false, formatIsAnnotation));
            }
        }

        ulong requiredMask = 0;
        foreach (var name in required)
        {
            var index = names.IndexOf(name);
            if (index < 0)
            {
                index = names.Count;
                names.Add(name);
                schemas.Add(null);
            }

            if (index >= ObjectConstraints.MaxNames)
            {
                break;
            }

            requiredMask |= 1UL << index;
        }

        if (names.Count > ObjectConstraints.MaxNames)
        {
            throw new NotCompilableException($"more than {ObjectConstraints.MaxNames} property names at '{Location(path)}'");
        }

        var patterns = new List<(Regex, SchemaNode)>();
        if (patternProperties is { } patterned)
        {
            foreach (var property in patterned.EnumerateObject())
            {
                patterns.Add((new Regex(property.Name, StringConstraints.PatternOptions), Compile(property.Value, path + "/patternProperties/" + property.Name, isRoot: false, formatIsAnnotation)));
            }

            if (patterns.Count > 64)
            {
                throw new NotCompilableException($"more than 64 patternProperties at '{Location(path)}'");
            }
        }

        return new ObjectConstraints
        {
            Names = names.Select(Encoding.UTF8.GetBytes).ToArray(),
            NameSchemas = [.. schemas],
            RequiredMask = requiredMask,
            PatternProperties = [.. patterns],
            AdditionalProperties = additionalProperties is { } additional ? Compile(additional, path + "/additionalProperties", isRoot: false, formatIsAnnotation) : null,
            MinProperties = minProperties,
            MaxProperties = maxProperties,
        };
    }

    private static ArrayConstraints? ArrayGroup(string path, JsonElement? items, JsonElement? prefixItems, long minItems, long maxItems, bool formatIsAnnotation)
    {
        if (items is null && prefixItems is null && minItems < 0 && maxItems < 0)
        {
            return null;
        }

        var prefix = new List<SchemaNode>();
        if (prefixItems is { } list)
        {
            var i = 0;
            foreach (var item in list.EnumerateArray())
            {
                prefix.Add(Compile(item, path + "/prefixItems/" + i++, isRoot: false, formatIsAnnotation));
            }
        }

        return new ArrayConstraints
        {
            PrefixItems = [.. prefix],
            Items = items is { } schema ? Compile(schema, path + "/items", isRoot: false, formatIsAnnotation) : null,
            MinItems = minItems,
            MaxItems = maxItems,
        };
    }

    private static JsonTypes Types(JsonElement value, string at)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return TypeName(value, at);
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new NotCompilableException($"'{at}' is not a string or an array");
        }

        var types = JsonTypes.None;
        foreach (var item in value.EnumerateArray())
        {
            types |= TypeName(item, at);
        }

        return types;
    }

    private static JsonTypes TypeName(JsonElement value, string at) =>
        value.ValueKind == JsonValueKind.String && TypeNames.TryGetValue(value.GetString()!, out var type)
            ? type
            : throw new NotCompilableException($"'{at}' names an unknown type");

    private static ScalarSet Scalars(IEnumerable<JsonElement> values, string at) =>
        ScalarSet.Create(values, out var problem) ?? throw new NotCompilableException($"'{at}': {problem}");

    private static DecimalText Number(JsonElement value, string at) =>
        value.ValueKind == JsonValueKind.Number && DecimalText.FromText(value.GetRawText()) is { } number
            ? number
            : throw new NotCompilableException($"'{at}' is not a number the compiled form can hold");

    // As JsonSchema.Net reads minLength & co.: the double, truncated to a long (a fraction or a negative fails its build).
    private static long Count(JsonElement value, string at) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && d == Math.Truncate(d) && d >= 0 && d <= long.MaxValue
            ? (long)d
            : throw new NotCompilableException($"'{at}' is not a non-negative integer");

    private static string Location(string path) => path.Length == 0 ? "/" : path;

    private sealed class NotCompilableException : Exception
    {
        public NotCompilableException(string message)
            : base(message)
        {
        }
    }
}
