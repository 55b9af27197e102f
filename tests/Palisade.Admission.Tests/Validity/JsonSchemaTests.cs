using System.Text;
using Palisade.Admission.Validity;
using Palisade.Mqtt;

namespace Palisade.Admission.Tests.Validity;

public sealed class JsonSchemaTests : IDisposable
{
    private const string Valid = """{"machineId":"press-7","ts":1764115200000,"state":"running","temperatureC":61.5,"vibrationMmS":2.3,"counter":18234}""";

    private readonly string _dir = Directory.CreateTempSubdirectory("palisade-schema-").FullName;

    private static readonly Lazy<ValidityStage> Stage = new(() => new ValidityStage(
        JsonSchemaRegistry.LoadFiles([new("telemetry", Contexts.RepoFile("samples/schemas/telemetry.schema.json"))]), null));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Pipeline.StageVerdict Judge(string json, string topicClass = "telemetry") =>
        Stage.Value.Evaluate(Contexts.For("p/acme/d/d1/" + topicClass, Encoding.UTF8.GetBytes(json), topicClass));

    [Fact]
    public void Telemetry_valid_against_the_sample_schema_is_admitted() => Assert.True(Judge(Valid).Admitted);

    [Fact]
    public void Schema_violation_is_refused_naming_the_first_failing_location_without_echoing_the_value()
    {
        var verdict = Judge(Valid.Replace("61.5", "987.25", StringComparison.Ordinal));
        Assert.False(verdict.Admitted);
        Assert.Equal(ValidityRefusals.Schema, verdict.Refusal);
        Assert.Equal(ReasonCode.PayloadFormatInvalid, verdict.Reason);
        Assert.Contains("/temperatureC", verdict.ReasonString, StringComparison.Ordinal);
        Assert.Contains("maximum", verdict.ReasonString, StringComparison.Ordinal);
        Assert.DoesNotContain("987", verdict.ReasonString, StringComparison.Ordinal);
    }

    [Fact]
    public void Enum_violation_does_not_echo_the_offending_string()
    {
        var verdict = Judge(Valid.Replace("\"running\"", "\"s3cr3t-token\"", StringComparison.Ordinal));
        Assert.False(verdict.Admitted);
        Assert.Contains("/state", verdict.ReasonString, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", verdict.ReasonString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"machineId":"press-7","ts":1764115200000,"state":"running","temperatureC":61.5}""")] // counter missing
    [InlineData("""{"machineId":"press-7","ts":1764115200000,"state":"running","temperatureC":61.5,"counter":1,"injected":true}""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("""{"machineId":"press-7","ts":"yesterday","state":"running","temperatureC":61.5,"counter":1}""")]
    public void Schema_invalid_telemetry_is_refused(string json)
    {
        var verdict = Judge(json);
        Assert.False(verdict.Admitted);
        Assert.Equal(ValidityRefusals.Schema, verdict.Refusal);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"machineId":"press-7",}""")]
    [InlineData("""{"a":1} // comment""")]
    [InlineData("")]
    public void Payload_that_is_not_JSON_is_refused_schema(string text)
    {
        var verdict = Judge(text);
        Assert.False(verdict.Admitted);
        Assert.Equal(ValidityRefusals.Schema, verdict.Refusal);
        Assert.StartsWith("payload is not JSON", verdict.ReasonString, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_UTF8_inside_a_JSON_string_is_refused_not_thrown()
    {
        byte[] payload = [.. "{\"machineId\":\""u8, 0xFF, 0xFE, .. "\"}"u8];
        var verdict = Stage.Value.Evaluate(Contexts.For("p/acme/d/d1/telemetry", payload, "telemetry"));
        Assert.Equal(ValidityRefusals.Schema, verdict.Refusal);
        Assert.Contains("UTF-8", verdict.ReasonString, StringComparison.Ordinal);
    }

    [Fact]
    public void Escaped_lone_surrogate_in_a_checked_string_is_refused_not_thrown()
    {
        var verdict = Judge(Valid.Replace("press-7", "\\ud800", StringComparison.Ordinal));
        Assert.False(verdict.Admitted);
        Assert.Equal(ValidityRefusals.Schema, verdict.Refusal);
    }

    [Fact]
    public void Deeply_nested_JSON_is_refused_not_walked()
    {
        var deep = new string('[', 200) + new string(']', 200);
        Assert.Equal(ValidityRefusals.Schema, Judge(deep).Refusal);
    }

    [Fact]
    public void Topic_class_without_a_schema_is_admitted_whatever_its_payload() =>
        Assert.True(Judge("not json", "events").Admitted);

    [Fact]
    public void Missing_schema_file_is_a_load_error_naming_the_file()
    {
        var path = Path.Combine(_dir, "absent.schema.json");
        var error = Assert.Throws<SchemaLoadException>(() => JsonSchemaRegistry.LoadFiles([new("telemetry", path)]));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.SchemaSource);
        Assert.Equal("telemetry", error.TopicClass);
    }

    [Fact]
    public void Schema_file_that_is_not_JSON_is_a_load_error_naming_file_and_line()
    {
        var path = Path.Combine(_dir, "broken.schema.json");
        File.WriteAllText(path, "{\n  \"type\": \"object\",\n  oops\n}");
        var error = Assert.Throws<SchemaLoadException>(() => JsonSchemaRegistry.LoadFiles([new("telemetry", path)]));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type": 12}""")]
    [InlineData("""{"$ref": "https://elsewhere.example/remote.json"}""")]
    [InlineData("""{"properties": {"a": {"$ref": "#/$defs/missing"}}}""")]
    [InlineData("""{"properties": {"a": {"$ref": "#nowhere"}}}""")]
    [InlineData("""[1]""")]
    public void Text_that_is_not_a_valid_schema_is_a_load_error(string text)
    {
        var path = Path.Combine(_dir, "bad.schema.json");
        File.WriteAllText(path, text);
        var error = Assert.Throws<SchemaLoadException>(() => JsonSchemaRegistry.LoadFiles([new("events", path)]));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_with_local_references_loads_and_checks_through_them()
    {
        const string schema = """
            {"$defs": {"celsius": {"type": "number", "maximum": 400}},
             "properties": {"t": {"$ref": "#/$defs/celsius"}, "u": {"$ref": "#c"}},
             "items": {"$anchor": "c", "type": "string"}}
            """;
        var stage = new ValidityStage(JsonSchemaRegistry.FromTexts([("events", "inline", schema)]), null);
        Assert.True(stage.Evaluate(Contexts.For("p/acme/d/d1/events", """{"t": 20, "u": "x"}"""u8.ToArray(), "events")).Admitted);
        var verdict = stage.Evaluate(Contexts.For("p/acme/d/d1/events", """{"t": 500}"""u8.ToArray(), "events"));
        Assert.Contains("/t", verdict.ReasonString, StringComparison.Ordinal);
        Assert.False(stage.Evaluate(Contexts.For("p/acme/d/d1/events", """{"u": 5}"""u8.ToArray(), "events")).Admitted);
    }

    [Fact]
    public void Two_schemas_for_one_topic_class_are_a_load_error()
    {
        var error = Assert.Throws<SchemaLoadException>(() => JsonSchemaRegistry.FromTexts([("events", "a", "{}"), ("events", "b", "{}")]));
        Assert.Contains("'b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schemas_with_the_same_id_in_two_registries_do_not_clash()
    {
        const string schema = """{"$id":"https://x.example/s","type":"object"}""";
        var a = JsonSchemaRegistry.FromTexts([("events", "a", schema)]);
        var b = JsonSchemaRegistry.FromTexts([("events", "b", schema)]);
        Assert.Equal(a.TopicClasses, b.TopicClasses);
    }
}
