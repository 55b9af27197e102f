using System.Text;
using Json.Schema;
using Palisade.Admission.Validity;
using Palisade.Admission.Validity.Compiled;

namespace Palisade.Admission.Tests.Validity.Compiled;

/// <summary>A schema text built the way the registry builds it: JsonSchema.Net's form and, when in the subset, the compiled one.</summary>
internal sealed class SchemaPair
{
    private SchemaPair(JsonSchema library, CompiledSchema? compiled, string? notCompiledBecause)
    {
        Library = library;
        Compiled = compiled;
        NotCompiledBecause = notCompiledBecause;
    }

    public JsonSchema Library { get; }

    public CompiledSchema? Compiled { get; }

    public string? NotCompiledBecause { get; }

    public static SchemaPair Of(string schemaText)
    {
        var registry = JsonSchemaRegistry.FromTexts([("t", "inline", schemaText)]);
        Assert.True(registry.TryGet("t", out var schema, out var compiled));
        Assert.Equal(compiled is not null, registry.IsCompiled("t"));
        return new SchemaPair(schema, compiled, registry.NotCompiledBecause("t"));
    }

    public FastVerdict Fast(string json) => Fast(Encoding.UTF8.GetBytes(json));

    public FastVerdict Fast(byte[] utf8)
    {
        Assert.NotNull(Compiled);
        return Compiled.Evaluate(utf8);
    }

    /// <summary>The validator's reason (null = admitted), with or without the compiled form; an exception is reported by its type.</summary>
    public string? Reason(string json, bool compiled)
    {
        try
        {
            return JsonPayloadValidator.Validate(Library, compiled ? Compiled : null, Encoding.UTF8.GetBytes(json));
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidOperationException or ArgumentException or System.Text.Json.JsonException)
        {
            return "threw " + e.GetType().Name;
        }
    }

    /// <summary>JsonSchema.Net's answer through today's path (null reason = valid); an exception it throws counts as not valid.</summary>
    public bool LibraryValid(string json) => LibraryValid(Encoding.UTF8.GetBytes(json));

    public bool LibraryValid(byte[] utf8)
    {
        try
        {
            // JsonSchema.Net alone: the stage's duplicate-name rule is not the compiled form's business (DuplicateNames).
            return JsonPayloadValidator.Validate(Library, null, utf8, refuseDuplicateNames: false) is null;
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidOperationException or ArgumentException or System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
