using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Palisade.Admission.Validity;
using Palisade.Admission.Validity.Sparkplug;
using static Palisade.Admission.Tests.Validity.SparkplugPayloads;

namespace Palisade.Admission.Tests.Validity;

public sealed class ValidityPropertyTests
{
    private static readonly string[] Types = ["NBIRTH", "NDEATH", "NDATA", "NCMD", "DBIRTH", "DDEATH", "DDATA", "DCMD"];

    private static readonly Lazy<ValidityStage> JsonStage = new(() => new ValidityStage(
        JsonSchemaRegistry.LoadFiles([new("telemetry", Contexts.RepoFile("samples/schemas/telemetry.schema.json"))]), null));

    [Property(MaxTest = 300)]
    public bool Arbitrary_bytes_on_any_Sparkplug_topic_never_throw(byte[] payload, byte typeIndex)
    {
        var inspector = new SparkplugInspector();
        var stage = new ValidityStage(JsonSchemaRegistry.Empty, inspector);

        // A born edge node first, so arbitrary bytes also reach the in-session paths.
        Assert.True(stage.Evaluate(Contexts.For(Topic("NBIRTH"), NBirth(1), "sparkplug")).Admitted);
        var type = Types[typeIndex % Types.Length];
        var topic = Topic(type, type.StartsWith('D') ? "press-7" : null);
        var verdict = stage.Evaluate(Contexts.For(topic, payload ?? [], "sparkplug"));
        return verdict.Admitted || verdict.Refusal == ValidityRefusals.Sparkplug;
    }

    [Property(MaxTest = 200)]
    public bool Mutated_real_payloads_never_throw(byte flip, int position)
    {
        var inspector = new SparkplugInspector();
        var stage = new ValidityStage(JsonSchemaRegistry.Empty, inspector);
        var birth = NBirth(1);
        birth[(position & int.MaxValue) % birth.Length] ^= flip;
        var verdict = stage.Evaluate(Contexts.For(Topic("NBIRTH"), birth, "sparkplug"));
        return verdict.Admitted || verdict.Refusal == ValidityRefusals.Sparkplug;
    }

    [Property(MaxTest = 300)]
    public bool Arbitrary_bytes_as_JSON_telemetry_never_throw(byte[] payload)
    {
        var verdict = JsonStage.Value.Evaluate(Contexts.For("p/acme/d/d1/telemetry", payload ?? [], "telemetry"));
        return verdict.Admitted || verdict.Refusal == ValidityRefusals.Schema;
    }

    // Random bytes rarely get past the parser; inside a string of a valid document they reach the evaluator.
    [Property(MaxTest = 300)]
    public bool Arbitrary_bytes_inside_a_checked_JSON_string_never_throw(byte[] inner)
    {
        byte[] payload = [.. "{\"machineId\":\""u8, .. inner ?? [], .. "\",\"ts\":1764115200000,\"state\":\"idle\",\"temperatureC\":20,\"counter\":1}"u8];
        var verdict = JsonStage.Value.Evaluate(Contexts.For("p/acme/d/d1/telemetry", payload, "telemetry"));
        return verdict.Admitted || verdict.Refusal == ValidityRefusals.Schema;
    }

    [Property(MaxTest = 200)]
    public bool Arbitrary_JSON_text_never_throws(NonNull<string> text)
    {
        var verdict = JsonStage.Value.Evaluate(Contexts.For("p/acme/d/d1/telemetry", System.Text.Encoding.UTF8.GetBytes(text.Get), "telemetry"));
        return verdict.Admitted || verdict.Refusal == ValidityRefusals.Schema;
    }
}
