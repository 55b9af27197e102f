using System.Text.Json;

namespace Palisade.Admission.Validity;

/// <summary>
/// Load-time check of a schema's references. JsonSchema.Net resolves <c>$ref</c> lazily, at evaluation, and throws
/// when one does not resolve — that would be on the hot path, on the first payload that reaches it. Palisade schemas
/// are self-contained (one file per topic class, shared parts under <c>$defs</c>), so every reference must be a local
/// JSON Pointer fragment (<c>#/...</c>) that resolves inside the document, or a plain-name anchor (<c>#name</c>)
/// declared by an <c>$anchor</c>/<c>$dynamicAnchor</c> of the document. Anything else is a load error.
/// </summary>
internal static class SchemaReferences
{
    /// <summary>Null when every reference resolves; otherwise what is wrong.</summary>
    public static string? FindUnresolved(JsonElement root)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var references = new List<string>();
        Collect(root, anchors, references, depth: 0);
        foreach (var reference in references)
        {
            if (!reference.StartsWith('#'))
            {
                return $"reference '{reference}' is not local: schemas must be self-contained (use #/$defs/...)";
            }

            var fragment = reference[1..];
            if (fragment.Length == 0)
            {
                continue; // the root
            }

            if (fragment[0] != '/')
            {
                if (!anchors.Contains(fragment))
                {
                    return $"reference '{reference}' names no $anchor of the schema";
                }

                continue;
            }

            if (!Resolves(root, fragment))
            {
                return $"reference '{reference}' does not resolve inside the schema";
            }
        }

        return null;
    }

    private static void Collect(JsonElement element, HashSet<string> anchors, List<string> references, int depth)
    {
        if (depth > 64)
        {
            return; // JsonDocument's own depth limit (64) already bounds this
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.String)
                    {
                        if (property.NameEquals("$ref") || property.NameEquals("$dynamicRef") || property.NameEquals("$recursiveRef"))
                        {
                            references.Add(property.Value.GetString()!);
                        }
                        else if (property.NameEquals("$anchor") || property.NameEquals("$dynamicAnchor"))
                        {
                            anchors.Add(property.Value.GetString()!);
                        }
                    }

                    Collect(property.Value, anchors, references, depth + 1);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, anchors, references, depth + 1);
                }

                break;
            default:
                break;
        }
    }

    // RFC 6901 pointer, URI-fragment form (percent-encoding decoded first).
    private static bool Resolves(JsonElement root, string fragment)
    {
        var pointer = Uri.UnescapeDataString(fragment);
        var current = root;
        foreach (var raw in pointer[1..].Split('/'))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object)
            {
                if (!current.TryGetProperty(token, out current))
                {
                    return false;
                }
            }
            else if (current.ValueKind == JsonValueKind.Array)
            {
                if (!int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) || index >= current.GetArrayLength())
                {
                    return false;
                }

                current = current[index];
            }
            else
            {
                return false;
            }
        }

        return true;
    }
}
