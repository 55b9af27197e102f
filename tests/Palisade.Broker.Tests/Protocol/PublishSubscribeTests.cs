using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Palisade.Broker.Tests.Support;

namespace Palisade.Broker.Tests.Protocol;

public class PublishSubscribeTests
{
    [Theory]
    [InlineData(MqttProtocolVersion.V311, MqttQualityOfServiceLevel.AtMostOnce)]
    [InlineData(MqttProtocolVersion.V311, MqttQualityOfServiceLevel.AtLeastOnce)]
    [InlineData(MqttProtocolVersion.V311, MqttQualityOfServiceLevel.ExactlyOnce)]
    [InlineData(MqttProtocolVersion.V500, MqttQualityOfServiceLevel.AtMostOnce)]
    [InlineData(MqttProtocolVersion.V500, MqttQualityOfServiceLevel.AtLeastOnce)]
    [InlineData(MqttProtocolVersion.V500, MqttQualityOfServiceLevel.ExactlyOnce)]
    public async Task Message_is_delivered_at_the_QoS_of_publish_and_subscription(MqttProtocolVersion version, MqttQualityOfServiceLevel qos)
    {
        await using var broker = new TestBroker();
        var (subscriber, inbox) = await Client.ConnectAsync(broker, "sub", version);
        var (publisher, _) = await Client.ConnectAsync(broker, "pub", version);
        await Client.SubscribeAsync(subscriber, "plant/+/temp", qos);

        for (var i = 0; i < 5; i++)
        {
            await Client.PublishAsync(publisher, $"plant/{i}/temp", $"t{i}", qos);
        }

        for (var i = 0; i < 5; i++)
        {
            var message = await inbox.NextAsync();
            Assert.Equal($"plant/{i}/temp", message.Topic);
            Assert.Equal($"t{i}", message.Text());
            Assert.Equal(qos, message.QualityOfServiceLevel);
        }

        Assert.Empty(broker.Log.Errors);
        subscriber.Dispose();
        publisher.Dispose();
    }
}
