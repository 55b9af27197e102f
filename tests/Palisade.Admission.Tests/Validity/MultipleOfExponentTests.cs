using System.Text;
using Palisade.Admission.Validity;

namespace Palisade.Admission.Tests.Validity;

/// <summary>
/// JsonSchema.Net 8.0.5's multipleOf stack-allocates one byte per decimal place between the scales of the two numbers,
/// so {"v":1e3000000} under multipleOf 0.01 overflowed the stack and ended the broker. Such a number is refused first.
/// </summary>
public sealed class MultipleOfExponentTests
{
    private static Pipeline.StageVerdict Judge(string schema, string json) =>
        new ValidityStage(JsonSchemaRegistry.FromTexts([("events", "inline", schema)]), null)
            .Evaluate(Contexts.For("p/acme/d/d1/events", Encoding.UTF8.GetBytes(json), "events"));

    [Theory]
    [InlineData("""{"v":1e3000000}""")]
    [InlineData("""{"v":1E-3000000}""")]
    [InlineData("""{"v":2.5e+100001,"x":"y"}""")]
    public void A_number_with_a_huge_exponent_is_refused_under_a_schema_with_multipleOf(string json)
    {
        var verdict = Judge("""{"properties":{"v":{"multipleOf":0.01}}}""", json);
        Assert.False(verdict.Admitted);
        Assert.Equal(ValidityRefusals.Schema, verdict.Refusal);
        Assert.Contains("exponent", verdict.ReasonString, StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_but_bounded_exponent_still_reaches_JsonSchema_Net() =>
        Assert.True(Judge("""{"properties":{"v":{"multipleOf":0.01}}}""", """{"v":1e2000}""").Admitted);

    [Fact]
    public void Without_multipleOf_a_huge_exponent_is_judged_as_before() =>
        Assert.True(Judge("""{"properties":{"v":{"type":"number"}}}""", """{"v":1e3000000}""").Admitted);
}
