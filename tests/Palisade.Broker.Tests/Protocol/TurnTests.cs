using System.Buffers;
using System.Globalization;
using MQTTnet.Protocol;
using Palisade.Broker.Tests.Support;
using Palisade.Mqtt;
using Palisade.Mqtt.Codec;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Tests.Protocol;

/// <summary>
/// BrokerOptions.TurnMicroseconds: a reader whose input keeps coming gives its thread back after a bounded turn (so a
/// command of another connection does not wait behind a bulk publisher's whole buffer) and resumes exactly where it
/// stopped: nothing lost, nothing reordered, nothing handled twice.
/// </summary>
public class TurnTests
{
    private const int Messages = 3000;

    [Fact]
    public async Task A_long_burst_is_handled_in_several_turns_without_loss_or_reordering()
    {
        var yielded = await BurstAsync(turnMicroseconds: 1);
        Assert.True(yielded > 0, "a 3,000-packet burst with a 1 µs turn never yielded");
    }

    [Fact]
    public async Task An_unbounded_turn_never_yields()
    {
        var yielded = await BurstAsync(turnMicroseconds: 0);
        Assert.Equal(0, yielded);
    }

    private static async Task<long> BurstAsync(int turnMicroseconds)
    {
        await using var broker = new TestBroker(new BrokerOptions { TurnMicroseconds = turnMicroseconds, MaximumQueuedMessages = 100_000 });
        var (subscriber, inbox) = await Client.ConnectAsync(broker, "sub");
        await Client.SubscribeAsync(subscriber, "burst/#", MqttQualityOfServiceLevel.AtMostOnce);
        await using var publisher = await RawClient.ConnectAsync(broker, new ConnectPacket { ClientId = "pub" });

        // One write holding every packet, so the broker's reader finds them all buffered at once.
        var burst = new ArrayBufferWriter<byte>();
        for (var i = 0; i < Messages; i++)
        {
            MqttPacketWriter.Write(burst, new PublishPacket { Topic = "burst/" + (i % 7), Payload = System.Text.Encoding.ASCII.GetBytes(i.ToString(CultureInfo.InvariantCulture)) },
                MqttProtocolVersion.V500);
        }

        await publisher.SendRawAsync(burst.WrittenMemory);
        for (var i = 0; i < Messages; i++)
        {
            var message = await inbox.NextAsync();
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), message.Text());
            Assert.Equal("burst/" + (i % 7), message.Topic);
        }

        Assert.Equal(Messages, broker.Broker.Stats.MessagesReceived);
        var yielded = broker.Broker.Stats.TurnsYielded;
        subscriber.Dispose();
        return yielded;
    }
}
