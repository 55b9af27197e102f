using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Palisade.Mqtt;
using Palisade.Mqtt.Codec;
using Palisade.Mqtt.Packets;

namespace Palisade.Simulation;

/// <summary>
/// A device's MQTT connection for the simulator: TCP, then TLS with the device's certificate (mutual TLS) unless plain
/// TCP was asked for, written and read with Palisade's own codec. One writer at a time (a lock around encode+flush);
/// one reader loop that hands every packet the broker sends to <see cref="Inbound"/>. Only what a device needs:
/// CONNECT, PUBLISH (QoS 0/1), SUBSCRIBE to its commands, PINGREQ, DISCONNECT.
/// </summary>
internal sealed class SimulatorConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly MqttProtocolVersion _version;
    private readonly Channel<MqttPacket> _inbound = Channel.CreateUnbounded<MqttPacket>(new UnboundedChannelOptions { SingleWriter = true });
    private Task? _reader;

    private SimulatorConnection(Stream stream, MqttProtocolVersion version)
    {
        _stream = stream;
        _version = version;
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        _output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    /// <summary>Packets the broker sent, in order; completes when the connection ends.</summary>
    public ChannelReader<MqttPacket> Inbound => _inbound.Reader;

    /// <summary>Why the connection ended ("server closed", a DISCONNECT reason, an I/O error), once it has.</summary>
    public string? CloseReason { get; private set; }

    public static async Task<SimulatorConnection> OpenAsync(SimulatorEndpoint endpoint, X509Certificate2? clientCertificate, MqttProtocolVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var client = new TcpClient { NoDelay = true };
        Stream? stream = null;
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken).ConfigureAwait(false);
            stream = client.GetStream();
            if (!endpoint.PlainTcp)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = endpoint.Host,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    ClientCertificates = clientCertificate is null ? null : [clientCertificate],
                    // Present the device certificate whatever CA list the server advertises: Palisade decides trust at CONNECT.
                    LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate!,
                    RemoteCertificateValidationCallback = endpoint.ValidateServer,
                }, cancellationToken).ConfigureAwait(false);
            }

            var connection = new SimulatorConnection(stream, version);
            connection._reader = connection.ReadLoopAsync();
            return connection;
        }
        catch
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            client.Dispose();
            throw;
        }
    }

    public async Task SendAsync(MqttPacket packet, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            MqttPacketWriter.Write(_output, packet, _version);
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        var options = new MqttDecoderOptions(_version, 0, IsServer: false);
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                while (true)
                {
                    var decoded = MqttPacketReader.TryRead(ref buffer, options, out var packet);
                    if (decoded.Status == DecodeStatus.Incomplete)
                    {
                        break;
                    }

                    if (decoded.Status == DecodeStatus.Invalid)
                    {
                        CloseReason = "broker sent an invalid packet: " + decoded.Detail;
                        return;
                    }

                    if (packet is DisconnectPacket disconnect)
                    {
                        CloseReason = $"DISCONNECT 0x{(byte)disconnect.ReasonCode:X2} {disconnect.ReasonString}".TrimEnd();
                    }

                    _inbound.Writer.TryWrite(packet!);
                }

                _input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    CloseReason ??= "server closed the connection";
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            CloseReason ??= "connection lost: " + ex.Message;
        }
        finally
        {
            _inbound.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _input.CompleteAsync().ConfigureAwait(false);
        await _output.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        if (_reader is not null)
        {
            await _reader.ConfigureAwait(false);
        }

        _writeLock.Dispose();
    }
}
