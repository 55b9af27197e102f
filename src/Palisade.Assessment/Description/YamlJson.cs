using System.Globalization;
using System.Text.Json.Nodes;

namespace Palisade.Assessment.Description;

/// <summary>
/// YAML description → JSON, typed the way YAML 1.2's core schema types plain scalars (true/false, integers, null),
/// so a description can be checked against schemas/iip-description.schema.json as an editor would.
/// </summary>
internal static class YamlJson
{
    public static JsonNode? Convert(string yamlText, string fileName) => Convert(YamlTree.Parse(yamlText, fileName));

    private static JsonNode? Convert(YNode? node) => node switch
    {
        null => null,
        YScalar scalar => Scalar(scalar),
        YSequence sequence => new JsonArray(sequence.Items.Select(Convert).ToArray()),
        YMapping mapping => new JsonObject(mapping.Entries.Select(e => KeyValuePair.Create(e.Key.Value, Convert(e.Value)))),
        _ => null,
    };

    private static JsonValue? Scalar(YScalar scalar)
    {
        if (!scalar.Plain)
        {
            return JsonValue.Create(scalar.Value);
        }

        if (scalar.IsNull)
        {
            return null;
        }

        if (scalar.Value is "true" or "false")
        {
            return JsonValue.Create(scalar.Value == "true");
        }

        if (long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(scalar.Value);
    }
}
