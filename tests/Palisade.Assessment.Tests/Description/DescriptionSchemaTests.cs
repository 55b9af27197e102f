using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Palisade.Assessment.Description;

namespace Palisade.Assessment.Tests.Description;

/// <summary>schemas/iip-description.schema.json stays in step with the loader, and every sample is valid against it.</summary>
public sealed class DescriptionSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schemas", "iip-description.schema.json"))));

    private static readonly Lazy<JsonObject> SchemaJson = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schemas", "iip-description.schema.json")))!.AsObject());

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "Descriptions", "samples" })
        {
            var dir = Path.Combine(AppContext.BaseDirectory, folder);
            if (Directory.Exists(dir))
            {
                foreach (var file in Directory.EnumerateFiles(dir, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    data.Add(Path.GetRelativePath(AppContext.BaseDirectory, file));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_is_valid_against_the_schema_and_loads(string relativePath)
    {
        var path = Path.Combine(AppContext.BaseDirectory, relativePath);
        var results = Evaluate(File.ReadAllText(path), path);
        Assert.True(results.IsValid, Describe(results));
        Assert.NotEmpty(DescriptionLoader.Load(path).Name);
    }

    [Fact]
    public void Schema_rejects_an_unknown_field()
    {
        var yaml = "palisade-description: 1\nname: t\nassets:\n  - id: a\n    kind: sensor\n    owner: p\n    zone: z\n    colour: red\n";
        Assert.False(Evaluate(yaml, "x.yaml").IsValid);
    }

    [Fact]
    public void Schema_rejects_a_non_boolean_capability()
    {
        var yaml = "palisade-description: 1\nname: t\nassets:\n  - id: a\n    kind: sensor\n    owner: p\n    zone: z\n    capabilities:\n      tls: yes please\n";
        Assert.False(Evaluate(yaml, "x.yaml").IsValid);
    }

    [Fact]
    public void Schema_rejects_a_control_with_both_scope_and_targets()
    {
        var yaml = "palisade-description: 1\nname: t\ncontrols:\n  - control: control.8.2.4.a\n    scope: all\n    targets: [asset:a]\n    evidence: x\n";
        Assert.False(Evaluate(yaml, "x.yaml").IsValid);
    }

    [Fact]
    public void Schema_names_the_same_fields_as_the_loader()
    {
        var root = SchemaJson.Value;
        AssertFields(DescriptionLoader.RootFields, root);
        var items = root["properties"]!;
        AssertFields(DescriptionLoader.ParticipantFields, Item(items, "participants"));
        AssertFields(DescriptionLoader.SiteFields, Item(items, "sites"));
        AssertFields(DescriptionLoader.ZoneFields, Item(items, "zones"));
        AssertFields(DescriptionLoader.BoundaryFields, Item(items, "boundaries"));
        AssertFields(DescriptionLoader.AssetFields, Item(items, "assets"));
        AssertFields(DescriptionLoader.OsFields, Item(items, "assets")["properties"]!["operating-system"]!.AsObject());
        AssertFields(DescriptionLoader.CapabilityFields, Item(items, "assets")["properties"]!["capabilities"]!.AsObject());
        AssertFields(DescriptionLoader.FlowFields, Item(items, "flows"));
        AssertFields(DescriptionLoader.ScenarioFields, Item(items, "scenarios"));
        AssertFields(DescriptionLoader.RoleFields, Item(Item(items, "scenarios")["properties"]!, "roles"));
        AssertFields(DescriptionLoader.ControlFields, Item(items, "controls"));
        AssertFields(DescriptionLoader.TrackingFields, Item(items, "risk-tracking"));
    }

    [Fact]
    public void Schema_enums_match_the_loader()
    {
        var assets = Item(SchemaJson.Value["properties"]!, "assets")["properties"]!;
        Assert.Equal(KebabNames.All<AssetKind>(), Enum(assets["kind"]!));
        Assert.Equal(KebabNames.All<SecurityDomain>(), Enum(assets["domain"]!));
        Assert.Equal(KebabNames.All<LifeCycleStage>(), Enum(assets["stage"]!));
        var flows = Item(SchemaJson.Value["properties"]!, "flows")["properties"]!;
        Assert.Equal(KebabNames.All<DataClass>(), Enum(flows["class"]!));
        Assert.Equal(KebabNames.All<FlowVolume>(), Enum(flows["volume"]!));
        Assert.Equal(KebabNames.All<ZoneKind>(), Enum(Item(SchemaJson.Value["properties"]!, "zones")["properties"]!["kind"]!));
        Assert.Equal(KebabNames.All<TrackingStatus>(), Enum(Item(SchemaJson.Value["properties"]!, "risk-tracking")["properties"]!["status"]!));
    }

    private static IEnumerable<string> Enum(JsonNode node) => node["enum"]!.AsArray().Select(n => n!.GetValue<string>());

    private static JsonObject Item(JsonNode properties, string name) => properties[name]!["items"]!.AsObject();

    private static void AssertFields(IEnumerable<string> loader, JsonObject schemaObject) =>
        Assert.Equal(loader.Order(StringComparer.Ordinal), schemaObject["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));

    private static EvaluationResults Evaluate(string yaml, string name)
    {
        var json = YamlJson.Convert(yaml, name);
        using var document = JsonDocument.Parse(json!.ToJsonString());
        return Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Describe(EvaluationResults results) =>
        string.Join("\n", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}")));
}
