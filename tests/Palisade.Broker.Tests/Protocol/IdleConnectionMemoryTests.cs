using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging.Abstractions;
using Palisade.Broker.Tests.Support;
using Palisade.Mqtt;
using Palisade.Mqtt.Codec;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Tests.Protocol;

/// <summary>Runs alone: the heap is process-wide, so tests running in parallel would add to or free from it
/// while it is measured (seen in CI as a negative per-connection cost).</summary>
[CollectionDefinition(nameof(IdleConnectionMemoryTests), DisableParallelization = true)]
public sealed class IdleConnectionMemoryCollection;

[Collection(nameof(IdleConnectionMemoryTests))]
public class IdleConnectionMemoryTests
{
    private static long Heap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    [Fact]
    public async Task Idle_subscribed_connection_costs_the_broker_well_under_16_KiB()
    {
        const int Connections = 1000;
        var pipeOptions = new PipeOptions(useSynchronizationContext: false);
        await using var broker = new MqttBroker(new BrokerOptions(), NullLoggerFactory.Instance);

        // The in-memory transport's own cost, measured the same way, is subtracted.
        var baseline = Heap();
        var bare = Enumerable.Range(0, Connections).Select(_ => (new Pipe(pipeOptions), new Pipe(pipeOptions))).ToList();
        var pipesOnly = (Heap() - baseline) / Connections;
        GC.KeepAlive(bare);
        bare = null;

        var kept = new List<(Pipe, Pipe, Task)>();
        var before = Heap();
        for (var i = 0; i < Connections; i++)
        {
            var toServer = new Pipe(pipeOptions);
            var toClient = new Pipe(pipeOptions);
            var run = broker.HandleConnectionAsync(new DuplexPipe(toServer.Reader, toClient.Writer), new ClientEndpoint($"m{i}", "mem", null, false, null), CancellationToken.None);
            var bytes = new ArrayBufferWriter<byte>();
            MqttPacketWriter.Write(bytes, new ConnectPacket { ClientId = $"device-{i}", KeepAliveSeconds = 60, CleanStart = false, SessionExpiryInterval = 3600 }, MqttProtocolVersion.V500);
            MqttPacketWriter.Write(bytes, new SubscribePacket { PacketId = 1, Subscriptions = [new Subscription($"devices/{i}/cmd", QualityOfService.AtLeastOnce)] }, MqttProtocolVersion.V500);
            await toServer.Writer.WriteAsync(bytes.WrittenMemory);
            for (var got = 0; got < 2;)
            {
                var read = await toClient.Reader.ReadAsync().AsTask().WaitAsync(Client.Timeout);
                var buffer = read.Buffer;
                while (MqttPacketReader.TryRead(ref buffer, new MqttDecoderOptions(MqttProtocolVersion.V500, 0, false), out _).Status == DecodeStatus.Packet)
                {
                    got++;
                }

                toClient.Reader.AdvanceTo(buffer.Start, buffer.End);
            }

            kept.Add((toServer, toClient, run));
        }

        var perConnection = (Heap() - before) / Connections - pipesOnly;

        Assert.Equal(Connections, broker.Core.ConnectionCount);
        Assert.Equal(Connections, broker.Core.Trie.Count);
        Assert.InRange(perConnection, 1, 16 * 1024);
        GC.KeepAlive(kept);
    }
}
