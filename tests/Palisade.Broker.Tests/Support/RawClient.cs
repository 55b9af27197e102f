using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Palisade.Mqtt;
using Palisade.Mqtt.Codec;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Tests.Support;

/// <summary>
/// A byte-level MQTT client over a real socket, for what a well-behaved client library will not do: malformed
/// packets, silence, not acknowledging, and reading the exact bytes the broker answers with.
/// </summary>
internal sealed class RawClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private MqttProtocolVersion _version;

    private RawClient(Socket socket, MqttProtocolVersion version)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = PipeReader.Create(_stream);
        _version = version;
    }

    public static async Task<RawClient> OpenAsync(TestBroker broker, MqttProtocolVersion version = MqttProtocolVersion.V500)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, broker.Port)).WaitAsync(Client.Timeout);
        return new RawClient(socket, version);
    }

    public static async Task<RawClient> ConnectAsync(TestBroker broker, ConnectPacket connect)
    {
        var client = await OpenAsync(broker, connect.ProtocolVersion);
        await client.SendAsync(connect);
        var connAck = Assert.IsType<ConnAckPacket>(await client.ReceiveAsync());
        Assert.Equal(ReasonCode.Success, connAck.ReasonCode);
        return client;
    }

    public async Task SendAsync(MqttPacket packet)
    {
        var buffer = new ArrayBufferWriter<byte>();
        MqttPacketWriter.Write(buffer, packet, _version);
        await SendRawAsync(buffer.WrittenMemory);
    }

    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes) => await _stream.WriteAsync(bytes).AsTask().WaitAsync(Client.Timeout);

    /// <summary>The next packet from the broker, or null when it closed the connection.</summary>
    public async Task<MqttPacket?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Client.Timeout);
        while (true)
        {
            var result = await _reader.ReadAsync(cts.Token);
            var buffer = result.Buffer;
            var decode = MqttPacketReader.TryRead(ref buffer, new MqttDecoderOptions(_version, 0, IsServer: false), out var packet);
            if (decode.Status == DecodeStatus.Packet)
            {
                _reader.AdvanceTo(buffer.Start);
                return packet;
            }

            Assert.NotEqual(DecodeStatus.Invalid, decode.Status);
            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    /// <summary>The raw bytes the broker sends until it closes the connection.</summary>
    public async Task<byte[]> ReadToEndAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Client.Timeout);
        while (true)
        {
            var result = await _reader.ReadAsync(cts.Token);
            if (result.IsCompleted)
            {
                var bytes = result.Buffer.ToArray();
                _reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }

            _reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>Ends the TCP connection without DISCONNECT (an abnormal close, for wills).</summary>
    public void Abort() => _socket.Close(0);

    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync();
        await _stream.DisposeAsync();
    }
}
