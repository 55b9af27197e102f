using Palisade.LoadGen.Transport;

namespace Palisade.LoadGen.Roles;

/// <summary>A connected device that only listens on its own command topic, like most of an industrial fleet.</summary>
internal sealed class IdleDevice(MqttConnection connection) : IInboundHandler
{
    private long _commands;

    public MqttConnection Connection => connection;

    public Task? ReadLoop { get; set; }

    /// <summary>Messages received on the command topic (none expected during a benchmark).</summary>
    public long Commands => Volatile.Read(ref _commands);

    public void OnPublish(long sentTimestamp) => Interlocked.Increment(ref _commands);

    public void OnPubAck(ushort packetId)
    {
    }
}
