using System.Buffers;
using Palisade.Broker.Tests.Support;
using Palisade.Mqtt;
using Palisade.Mqtt.Codec;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Tests.Protocol;

/// <summary>
/// A read loop that ends its turn early (BrokerOptions.ReadTurnMicroseconds) hands the rest of its buffer to the next
/// turn: nothing is lost, nothing is reordered, nothing waits for more bytes from the client.
/// </summary>
public class ReadTurnTests
{
    private const int Messages = 400;

    private static ConnectPacket Connect(string clientId) =>
        new() { ClientId = clientId, ProtocolVersion = MqttProtocolVersion.V500, CleanStart = true };

    [Theory]
    [InlineData(1)] // a turn of 1 µs: the loop yields after (almost) every packet
    [InlineData(0)] // no limit: the whole buffer in one turn
    public async Task Packets_of_one_write_are_all_handled_in_order_whatever_the_turn(int turnMicroseconds)
    {
        await using var broker = new TestBroker(new BrokerOptions { ReadTurnMicroseconds = turnMicroseconds, MaximumQueuedMessages = Messages * 2 });
        await using var subscriber = await RawClient.ConnectAsync(broker, Connect("subscriber"));
        await subscriber.SendAsync(new SubscribePacket { PacketId = 1, Subscriptions = [new Subscription("load/#", QualityOfService.AtLeastOnce)] });
        Assert.IsType<SubAckPacket>(await subscriber.ReceiveAsync());
        await using var publisher = await RawClient.ConnectAsync(broker, Connect("publisher"));

        // Every PUBLISH in one write, so they arrive together in the broker's buffer.
        var bytes = new ArrayBufferWriter<byte>();
        for (var i = 1; i <= Messages; i++)
        {
            MqttPacketWriter.Write(bytes, new PublishPacket
            {
                Topic = $"load/{i}", PacketId = (ushort)i, QoS = QualityOfService.AtLeastOnce, Payload = new byte[64],
            }, MqttProtocolVersion.V500);
        }

        await publisher.SendRawAsync(bytes.WrittenMemory);

        for (var i = 1; i <= Messages; i++)
        {
            var ack = Assert.IsType<PubAckPacket>(await publisher.ReceiveAsync());
            Assert.Equal(i, ack.PacketId);
        }

        for (var i = 1; i <= Messages; i++)
        {
            var delivered = Assert.IsType<PublishPacket>(await subscriber.ReceiveAsync());
            Assert.Equal($"load/{i}", delivered.Topic);
            await subscriber.SendAsync(new PubAckPacket(MqttPacketType.PubAck, delivered.PacketId));
        }
    }
}
