using Palisade.LoadGen.Measurement;
using Palisade.LoadGen.Transport;

namespace Palisade.LoadGen.Roles;

/// <summary>A connected device that only listens on its own command topic, like most of an industrial fleet.</summary>
/// <param name="connection">The device's connection.</param>
/// <param name="control">Where a command's latency goes (control-latency runs), or null.</param>
internal sealed class IdleDevice(MqttConnection connection, ControlProbe? control = null) : IInboundHandler
{
    private long _commands;

    public MqttConnection Connection => connection;

    public Task? ReadLoop { get; set; }

    /// <summary>Messages received on the command topic (none expected unless a control publisher runs).</summary>
    public long Commands => Volatile.Read(ref _commands);

    public void OnPublish(long sentTimestamp)
    {
        Interlocked.Increment(ref _commands);
        control?.OnCommand(sentTimestamp);
    }

    public void OnPubAck(ushort packetId)
    {
    }
}
