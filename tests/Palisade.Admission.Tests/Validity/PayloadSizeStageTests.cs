using Palisade.Admission.Validity;
using Palisade.Mqtt;

namespace Palisade.Admission.Tests.Validity;

public sealed class PayloadSizeStageTests
{
    private static readonly PayloadSizeStage Stage = new(new PayloadSizeLimits(100, new Dictionary<string, int> { ["events"] = 10 }));

    [Fact]
    public void Payload_at_the_limit_of_its_topic_class_is_admitted()
    {
        Assert.True(Stage.Evaluate(Contexts.For("p/acme/d/d1/events", new byte[10], "events")).Admitted);
        Assert.True(Stage.Evaluate(Contexts.For("p/acme/d/d1/telemetry", new byte[100], "telemetry")).Admitted);
    }

    [Fact]
    public void Payload_over_the_limit_of_its_topic_class_is_refused_oversize_with_payload_format_invalid()
    {
        var verdict = Stage.Evaluate(Contexts.For("p/acme/d/d1/events", new byte[11], "events"));
        Assert.False(verdict.Admitted);
        Assert.Equal(ValidityRefusals.Oversize, verdict.Refusal);
        Assert.Equal(ReasonCode.PayloadFormatInvalid, verdict.Reason);
        Assert.Contains("11", verdict.ReasonString, StringComparison.Ordinal);
        Assert.False(verdict.Disconnect);
    }

    [Fact]
    public void Topic_class_without_its_own_limit_gets_the_default()
    {
        Assert.False(Stage.Evaluate(Contexts.For("p/acme/d/d1/state", new byte[101], "state")).Admitted);
        Assert.Equal(PayloadSizeLimits.DefaultMaxBytes, new PayloadSizeLimits().MaxFor("telemetry"));
    }

    [Fact]
    public void Size_is_judged_on_the_body_not_the_whole_payload()
    {
        var context = Contexts.For("p/acme/d/d1/events", new byte[50], "events");
        context.Body = context.Body[..10]; // what the integrity stage leaves after a compact envelope prefix
        Assert.True(Stage.Evaluate(context).Admitted);
    }
}
