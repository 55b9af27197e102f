using System.Text;
using Palisade.Admission.Validity;
using Palisade.Mqtt;

namespace Palisade.Admission.Tests.Validity;

/// <summary>
/// A property name given twice in one object is refused under a schema (DuplicateNames): the schema judges one
/// occurrence, a consumer may keep the other. Through the stage, on a schema the compiler takes (fast path) and on one
/// it does not (full path), so both paths are covered; both let undeclared properties through, as many telemetry
/// schemas do.
/// </summary>
public sealed class DuplicateNameTests
{
    private const string Valid = """{"machineId":"press-7","ts":1764115200000,"state":"running","temperatureC":61.5,"vibrationMmS":2.3,"counter":18234}""";

    private const string CompiledSchema = """{"type":"object","properties":{"counter":{"type":"integer","minimum":0},"state":{"enum":["running","idle"]}},"required":["counter"]}""";

    private static readonly Lazy<ValidityStage> Compiled = new(() => new ValidityStage(
        JsonSchemaRegistry.FromTexts([("telemetry", "inline", CompiledSchema)]), null));

    // "not" is outside the compiled subset, so this schema always takes JsonSchema.Net's path.
    private static readonly Lazy<ValidityStage> NotCompiled = new(() => new ValidityStage(
        JsonSchemaRegistry.FromTexts([("telemetry", "inline", """{"type":"object","not":{"required":["forbidden"]}}""")]), null));

    private static Pipeline.StageVerdict Judge(ValidityStage stage, string json) =>
        stage.Evaluate(Contexts.For("p/acme/d/d1/telemetry", Encoding.UTF8.GetBytes(json), "telemetry"));

    [Fact]
    public void The_not_compiled_schema_really_takes_the_full_path()
    {
        var registry = JsonSchemaRegistry.FromTexts([("telemetry", "inline", """{"type":"object","not":{"required":["forbidden"]}}""")]);
        Assert.False(registry.IsCompiled("telemetry"));
        Assert.True(JsonSchemaRegistry.FromTexts([("telemetry", "inline", CompiledSchema)]).IsCompiled("telemetry"));
    }

    [Theory]
    [InlineData("""{"machineId":"press-7","ts":1764115200000,"state":"running","temperatureC":61.5,"counter":1,"counter":-5}""")] // declared, last wins elsewhere
    [InlineData("""{"machineId":"press-7","ts":1764115200000,"state":"running","temperatureC":61.5,"counter":1,"note":"a","note":"b"}""")] // undeclared
    [InlineData("""{"machineId":"press-7","ts":1764115200000,"state":"running","temperatureC":61.5,"counter":1,"extra":{"a":1,"b":[{"x":1,"x":2}]}}""")] // nested, unconstrained
    [InlineData("""{"machineId":"press-7","ts":1764115200000,"state":"running","temperatureC":61.5,"counter":1,"c\u006Funter":2}""")] // escaped spelling of a name
    public void A_name_given_twice_is_refused_on_both_paths(string json)
    {
        foreach (var stage in new[] { Compiled.Value, NotCompiled.Value })
        {
            var verdict = Judge(stage, json);
            Assert.False(verdict.Admitted, json);
            Assert.Equal(ValidityRefusals.Schema, verdict.Refusal);
            Assert.Equal(ReasonCode.PayloadFormatInvalid, verdict.Reason);
            Assert.StartsWith("payload gives a property name twice in one object (line 1, byte ", verdict.ReasonString, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_same_name_in_different_objects_is_not_a_duplicate()
    {
        var json = """{"machineId":"press-7","ts":1764115200000,"state":"running","temperatureC":61.5,"counter":1,"a":{"counter":2,"x":{"counter":3}},"b":[{"counter":4},{"counter":5}]}""";
        Assert.True(Judge(Compiled.Value, json).Admitted);
        Assert.True(Judge(NotCompiled.Value, json).Admitted);
        Assert.True(DuplicateNames.CertainlyNone(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Objects_with_many_names_are_checked_by_the_full_path()
    {
        var many = string.Join(",", Enumerable.Range(0, DuplicateNames.MaxNamesPerObject + 4).Select(i => $"\"k{i}\":{i}"));
        var unique = Valid.TrimEnd('}') + "," + many + "}";
        Assert.False(DuplicateNames.CertainlyNone(Encoding.UTF8.GetBytes(unique))); // cannot tell: more names than it compares
        Assert.True(Judge(Compiled.Value, unique).Admitted);
        var repeated = Valid.TrimEnd('}') + "," + many + ",\"k3\":0}";
        Assert.False(Judge(Compiled.Value, repeated).Admitted);
    }

    [Theory]
    [InlineData("""{"a":1,"b":2}""", true)]
    [InlineData("""{"a":1,"a":2}""", false)]
    [InlineData("""{"a":1,"\u0062":2}""", false)] // escaped name: cannot tell, full path decides
    [InlineData("""[{"a":1},{"a":1}]""", true)]
    [InlineData("""{"a":{"a":{"a":1}}}""", true)]
    [InlineData("""{"ab":1,"a":2,"b":3}""", true)] // prefixes are different names
    [InlineData("""{"a":1""", false)] // truncated
    public void The_fast_pass_says_none_only_when_sure(string json, bool none) =>
        Assert.Equal(none, DuplicateNames.CertainlyNone(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Valid_telemetry_still_flows() => Assert.True(Judge(Compiled.Value, Valid).Admitted);
}
