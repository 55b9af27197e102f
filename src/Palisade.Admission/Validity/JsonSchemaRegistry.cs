using System.Collections.Frozen;
using System.Text.Json;
using Json.Schema;
using Palisade.Admission.Validity.Compiled;

namespace Palisade.Admission.Validity;

/// <summary>
/// The JSON Schema of each topic class (8.2.7 a), loaded and built once (JsonSchema.Net compiles a schema when it is
/// built), then shared read-only by all connections. The host fills it from files named in its configuration
/// (<see cref="LoadFiles"/>); a topic class without a schema is not schema-checked (its size limit still applies).
/// Schemas are built in a registry of their own, never the library's global one, and no remote <c>$ref</c> is fetched:
/// a reference that does not resolve inside the file is a load error.
/// Beside each JsonSchema the registry keeps, when the schema lies in the modelled subset, a
/// <see cref="CompiledSchema"/> that admits valid payloads without JsonSchema.Net (docs/admission.md, "Data validity").
/// </summary>
public sealed class JsonSchemaRegistry
{
    private readonly FrozenDictionary<string, TopicSchema> _schemas;

    private JsonSchemaRegistry(FrozenDictionary<string, TopicSchema> schemas) => _schemas = schemas;

    /// <summary>No schemas: every topic class is only size-checked.</summary>
    public static JsonSchemaRegistry Empty { get; } = new(FrozenDictionary<string, TopicSchema>.Empty);

    /// <summary>The topic classes that have a schema.</summary>
    public IReadOnlyCollection<string> TopicClasses => _schemas.Keys;

    /// <summary>
    /// Loads one schema file per topic class (e.g. "telemetry" → "/etc/palisade/schemas/telemetry.schema.json").
    /// </summary>
    /// <exception cref="SchemaLoadException">A file is missing, unreadable, not JSON or not a valid JSON Schema; the message names the file.</exception>
    public static JsonSchemaRegistry LoadFiles(IEnumerable<KeyValuePair<string, string>> topicClassToFile)
    {
        ArgumentNullException.ThrowIfNull(topicClassToFile);
        var texts = new List<(string TopicClass, string Source, string Text)>();
        foreach (var (topicClass, path) in topicClassToFile)
        {
            CheckTopicClass(topicClass, path ?? "");
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new SchemaLoadException("", topicClass, "no file name given");
            }

            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                var problem = e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : "cannot be read: " + e.Message;
                throw new SchemaLoadException(path, topicClass, problem, e);
            }

            texts.Add((topicClass, path, text));
        }

        return Build(texts);
    }

    /// <summary>Builds a registry from schema texts already in memory (embedded defaults, tests); <paramref name="schemas"/> items are (topic class, source name, text).</summary>
    /// <exception cref="SchemaLoadException">A text is not JSON or not a valid JSON Schema; the message names the source.</exception>
    public static JsonSchemaRegistry FromTexts(IEnumerable<(string TopicClass, string Source, string Text)> schemas)
    {
        ArgumentNullException.ThrowIfNull(schemas);
        var list = schemas.ToList();
        foreach (var (topicClass, source, _) in list)
        {
            CheckTopicClass(topicClass, source);
        }

        return Build(list);
    }

    /// <summary>The schema of <paramref name="topicClass"/>, if it has one.</summary>
    internal bool TryGet(string topicClass, out JsonSchema schema)
    {
        var found = _schemas.TryGetValue(topicClass, out var entry);
        schema = entry?.Schema!;
        return found;
    }

    /// <summary>The schema of <paramref name="topicClass"/> and its compiled form (null when not compiled), if it has a schema.</summary>
    internal bool TryGet(string topicClass, out JsonSchema schema, out CompiledSchema? compiled) => TryGet(topicClass, out schema, out compiled, out _);

    /// <summary>As above, and whether the schema uses <c>multipleOf</c> (see <see cref="JsonPayloadValidator.ExponentOutOfRange"/>).</summary>
    internal bool TryGet(string topicClass, out JsonSchema schema, out CompiledSchema? compiled, out bool hasMultipleOf)
    {
        var found = _schemas.TryGetValue(topicClass, out var entry);
        schema = entry?.Schema!;
        compiled = entry?.Compiled;
        hasMultipleOf = entry?.HasMultipleOf ?? false;
        return found;
    }

    /// <summary>Whether the schema of <paramref name="topicClass"/> was compiled (its valid payloads skip JsonSchema.Net).</summary>
    internal bool IsCompiled(string topicClass) => _schemas.TryGetValue(topicClass, out var entry) && entry.Compiled is not null;

    /// <summary>Why the schema of <paramref name="topicClass"/> was not compiled (the first keyword outside the subset); null when it was, or has no schema.</summary>
    internal string? NotCompiledBecause(string topicClass) => _schemas.TryGetValue(topicClass, out var entry) ? entry.NotCompiledBecause : null;

    private static void CheckTopicClass(string topicClass, string source)
    {
        if (string.IsNullOrEmpty(topicClass))
        {
            throw new SchemaLoadException(source, "", "the topic class is empty");
        }
    }

    private static JsonSchemaRegistry Build(IEnumerable<(string TopicClass, string Source, string Text)> schemas)
    {
        var built = new Dictionary<string, TopicSchema>(StringComparer.Ordinal);
        foreach (var (topicClass, source, text) in schemas)
        {
            if (built.ContainsKey(topicClass))
            {
                throw new SchemaLoadException(source, topicClass, "a second schema for the same topic class");
            }

            built.Add(topicClass, BuildOne(topicClass, source, text));
        }

        return new JsonSchemaRegistry(built.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static TopicSchema BuildOne(string topicClass, string source, string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            throw new SchemaLoadException(source, topicClass, $"not JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }

        using (document)
        {
            JsonSchema schema;
            if (document.RootElement.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False))
            {
                throw new SchemaLoadException(source, topicClass, $"a JSON Schema is an object or a boolean, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}");
            }

            if (SchemaReferences.FindUnresolved(document.RootElement) is { } unresolved)
            {
                throw new SchemaLoadException(source, topicClass, unresolved);
            }

            try
            {
                // A registry per schema: two files may declare the same $id without clashing, and nothing is fetched
                // from the network (Fetch answers nothing); unresolved references were refused above.
                var options = new BuildOptions { SchemaRegistry = new SchemaRegistry { Fetch = static (_, _) => null! } };
                schema = JsonSchema.Build(document.RootElement.Clone(), options);
            }
            catch (Exception e) when (e is JsonSchemaException or RefResolutionException or JsonException or ArgumentException or InvalidOperationException or FormatException or UriFormatException)
            {
                throw new SchemaLoadException(source, topicClass, "not a valid JSON Schema: " + e.Message, e);
            }

            // Only a schema JsonSchema.Net accepted is compiled; one outside the subset stays with JsonSchema.Net alone.
            var compiled = CompiledSchemaCompiler.TryCompile(document.RootElement, out var notCompiled);
            return new TopicSchema(schema, compiled, notCompiled, HasMultipleOf(document.RootElement, 0));
        }
    }

    // Any member named multipleOf anywhere (a property so named under "properties" counts too: over-inclusive is safe).
    private static bool HasMultipleOf(JsonElement element, int depth) => depth <= 64 && element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Any(p => p.NameEquals("multipleOf") || HasMultipleOf(p.Value, depth + 1)),
        JsonValueKind.Array => element.EnumerateArray().Any(i => HasMultipleOf(i, depth + 1)),
        _ => false,
    };

    private sealed record TopicSchema(JsonSchema Schema, CompiledSchema? Compiled, string? NotCompiledBecause, bool HasMultipleOf);
}
