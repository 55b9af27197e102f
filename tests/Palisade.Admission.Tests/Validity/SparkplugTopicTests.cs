using Palisade.Admission.Validity.Sparkplug;
using Palisade.Broker.Hooks;

namespace Palisade.Admission.Tests.Validity;

public sealed class SparkplugTopicTests
{
    [Theory]
    [InlineData("spBv1.0/acme/NDATA/d1", SparkplugMessageType.NData, "d1", null)]
    [InlineData("spBv1.0/acme/DCMD/d1/press-7", SparkplugMessageType.DCmd, "d1", "press-7")]
    [InlineData("spBv1.0/STATE/acme:scada", SparkplugMessageType.State, "acme:scada", null)]
    public void Topic_levels_are_parsed(string topic, SparkplugMessageType type, string edge, string? device)
    {
        Assert.True(SparkplugTopic.TryParse(topic, out var parsed));
        Assert.Equal(type, parsed.Type);
        Assert.Equal(edge, parsed.EdgeNodeId);
        Assert.Equal(device, parsed.DeviceId);
    }

    [Theory]
    [InlineData(SparkplugMessageType.NCmd, TrafficClass.Control)]
    [InlineData(SparkplugMessageType.DCmd, TrafficClass.Control)]
    [InlineData(SparkplugMessageType.NData, TrafficClass.Bulk)]
    [InlineData(SparkplugMessageType.DData, TrafficClass.Bulk)]
    [InlineData(SparkplugMessageType.NBirth, TrafficClass.Event)]
    [InlineData(SparkplugMessageType.DDeath, TrafficClass.Event)]
    [InlineData(SparkplugMessageType.State, TrafficClass.Event)]
    public void Traffic_class_follows_the_message_type_as_documented(SparkplugMessageType type, TrafficClass expected) =>
        Assert.Equal(expected, SparkplugTopic.TrafficClassOf(type));
}
