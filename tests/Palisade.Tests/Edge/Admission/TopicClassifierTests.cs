using Palisade.Broker.Hooks;
using Palisade.Edge.Admission;

namespace Palisade.Tests.Edge.Admission;

public sealed class TopicClassifierTests
{
    [Theory]
    [InlineData("p/acme/d/press-1/telemetry/temperature", "telemetry", null, TrafficClass.Bulk)]
    [InlineData("p/acme/d/press-1/telemetry", "telemetry", null, TrafficClass.Bulk)]
    [InlineData("p/acme/d/press-1/events/alarm", "events", null, TrafficClass.Event)]
    [InlineData("p/acme/d/press-1/state", "state", null, TrafficClass.Event)]
    [InlineData("p/acme/d/press-1/commands/stop", "commands", null, TrafficClass.Control)]
    [InlineData("spBv1.0/line-a/NDATA/edge-1", "sparkplug", "NDATA", TrafficClass.Bulk)]
    [InlineData("spBv1.0/line-a/DDATA/edge-1/press-1", "sparkplug", "DDATA", TrafficClass.Bulk)]
    [InlineData("spBv1.0/line-a/NBIRTH/edge-1", "sparkplug", "NBIRTH", TrafficClass.Event)]
    [InlineData("spBv1.0/line-a/DDEATH/edge-1/press-1", "sparkplug", "DDEATH", TrafficClass.Event)]
    [InlineData("spBv1.0/line-a/NCMD/edge-1", "sparkplug", "NCMD", TrafficClass.Control)]
    [InlineData("spBv1.0/line-a/DCMD/edge-1/press-1", "sparkplug", "DCMD", TrafficClass.Control)]
    [InlineData("spBv1.0/STATE/scada-host", "sparkplug", "STATE", TrafficClass.Event)]
    public void Topic_gives_its_class_and_traffic_class(string topic, string topicClass, string? sparkplugType, TrafficClass trafficClass)
    {
        var result = TopicClassifier.Classify(topic);

        Assert.Equal(topicClass, result.TopicClass);
        Assert.Equal(sparkplugType, result.SparkplugType);
        Assert.Equal(trafficClass, result.TrafficClass);
    }

    [Theory]
    [InlineData("p/acme/d/press-1/commandsX/stop")]
    [InlineData("p/acme/x/press-1/commands/stop")]
    [InlineData("q/acme/d/press-1/commands/stop")]
    [InlineData("spBv1.0/line-a/XCMD/edge-1")]
    [InlineData("commands")]
    [InlineData("")]
    public void Unknown_topics_are_never_promoted_above_bulk(string topic)
    {
        Assert.Equal(TrafficClass.Bulk, TopicClassifier.Classify(topic).TrafficClass);
    }
}
