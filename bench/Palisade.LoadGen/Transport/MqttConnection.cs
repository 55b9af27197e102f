using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Palisade.LoadGen.Wire;
using Palisade.Mqtt.Codec;
using Palisade.Mqtt.Packets;

namespace Palisade.LoadGen.Transport;

/// <summary>
/// One raw MQTT client connection: a socket (optionally TLS) read and written through System.IO.Pipelines.
/// Only the generator's own roles drive it; it implements just the protocol they need.
/// </summary>
internal sealed class MqttConnection : IAsyncDisposable
{
    // Linux IP_BIND_ADDRESS_NO_PORT: bind the source address now but pick the port at connect time, so a port is
    // shared across destinations instead of being reserved per bind (keeps 10k+ connections within the port range).
    private const int IpBindAddressNoPort = 24;

    private readonly Stream _stream;
    private readonly List<ushort> _pendingAcks = [];
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private ushort _nextControlId;
    private int _closing;

    private MqttConnection(Stream stream, int protocolLevel, bool smallBuffers)
    {
        _stream = stream;
        ProtocolLevel = protocolLevel;
        Input = PipeReader.Create(stream, smallBuffers
            ? new StreamPipeReaderOptions(bufferSize: 512, minimumReadSize: 256, leaveOpen: true, useZeroByteReads: true)
            : new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 8 * 1024, leaveOpen: true));
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: smallBuffers ? 512 : 64 * 1024, leaveOpen: true));
    }

    public int ProtocolLevel { get; }

    public PipeReader Input { get; }

    /// <summary>Written only by the connection's single writer role; other writers go through <see cref="SendAsync"/>.</summary>
    public PipeWriter Output { get; }

    public ConnAckInfo? ConnAck { get; private set; }

    /// <summary>Where received payloads carry the sender's timestamp (set before <see cref="RunAsync"/>).</summary>
    public PayloadClock Clock { get; set; }

    /// <summary>Why the connection ended, once it has (null while it is open).</summary>
    public string? CloseReason { get; private set; }

    public bool IsClosing => Volatile.Read(ref _closing) != 0;

    /// <summary>The connection ended because the generator closed it (not the broker).</summary>
    public bool ClosedByGenerator => IsClosing;

    /// <summary>Opens the transport (TCP, then TLS when asked); <paramref name="index"/> picks the source address.</summary>
    public static async Task<MqttConnection> OpenAsync(
        TransportOptions options, int index, int protocolLevel, bool smallBuffers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var socket = new Socket(options.Remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            if (options.SourceAddresses.Count > 0)
            {
                var source = options.SourceAddresses[index % options.SourceAddresses.Count];
                if (OperatingSystem.IsLinux() && source.AddressFamily == AddressFamily.InterNetwork)
                {
                    socket.SetRawSocketOption(0, IpBindAddressNoPort, [1, 0, 0, 0]);
                }

                socket.Bind(new IPEndPoint(source, 0));
            }

            await socket.ConnectAsync(options.Remote, cancellationToken).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (options.Tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(CreateTlsOptions(options), cancellationToken).ConfigureAwait(false);
            }

            return new MqttConnection(stream, protocolLevel, smallBuffers);
        }
        catch
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            throw;
        }
    }

    /// <summary>Sends CONNECT and waits for CONNACK; throws <see cref="BrokerRefusedException"/> on a refusal.</summary>
    public async Task<ConnAckInfo> ConnectAsync(ConnectSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ControlPackets.WriteConnect(Output, settings);
        await Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        var packet = await ReadControlAsync(cancellationToken).ConfigureAwait(false);
        if (packet is not ConnAckPacket connAckPacket)
        {
            throw new InvalidDataException($"Expected CONNACK, broker sent {packet.Type}.");
        }

        var connAck = ControlPackets.ToInfo(connAckPacket);
        if (!connAck.Accepted)
        {
            throw new BrokerRefusedException(
                $"CONNACK refused: {connAckPacket.ReasonCode} (0x{connAck.ReasonCode:X2})"
                + (connAck.ReasonString is null ? "" : $" '{connAck.ReasonString}'"));
        }

        ConnAck = connAck;
        return connAck;
    }

    /// <summary>Subscribes one filter and waits for its SUBACK; throws <see cref="BrokerRefusedException"/> on a refusal.</summary>
    public async Task SubscribeAsync(string filter, int qos, CancellationToken cancellationToken)
    {
        var id = ++_nextControlId;
        ControlPackets.WriteSubscribe(Output, ProtocolLevel, id, filter, qos);
        await Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        var packet = await ReadControlAsync(cancellationToken).ConfigureAwait(false);
        if (packet is not SubAckPacket subAck || subAck.PacketId != id || subAck.ReasonCodes.Count != 1)
        {
            throw new InvalidDataException($"Expected SUBACK {id} with one code, broker sent {packet.Type}.");
        }

        if ((byte)subAck.ReasonCodes[0] >= 0x80)
        {
            throw new BrokerRefusedException(
                $"SUBACK refused: {subAck.ReasonCodes[0]} (0x{(byte)subAck.ReasonCodes[0]:X2})"
                + (subAck.ReasonString is null ? "" : $" '{subAck.ReasonString}'"));
        }
    }

    /// <summary>
    /// Reads until the connection ends, handing PUBLISH and PUBACK to <paramref name="handler"/> and acknowledging
    /// QoS 1 deliveries (one flush per read, so acknowledgements are batched like the deliveries were).
    /// </summary>
    public async Task RunAsync(IInboundHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        try
        {
            while (true)
            {
                var result = await Input.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                var disconnect = Dispatch(ref buffer, handler);
                Input.AdvanceTo(buffer.Start, buffer.End);
                handler.OnReadCompleted();
                if (_pendingAcks.Count > 0)
                {
                    await FlushAcksAsync(cancellationToken).ConfigureAwait(false);
                }

                if (disconnect is not null)
                {
                    CloseReason = disconnect;
                    return;
                }

                if (result.IsCompleted)
                {
                    CloseReason = IsClosing ? "closed by generator" : "closed by broker (end of stream)";
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidDataException)
        {
            CloseReason = IsClosing || cancellationToken.IsCancellationRequested ? "closed by generator" : $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    /// <summary>Writes a small packet from outside the connection's writer role (keep-alive pings).</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Output.WriteAsync(packet, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sends DISCONNECT (best effort) and closes.</summary>
    public async Task CloseAsync()
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await SendAsync(ControlPackets.Disconnect(ProtocolLevel), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // Already gone: nothing to say goodbye to.
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref _closing, 1);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _writeLock.Dispose();
    }

    private static SslClientAuthenticationOptions CreateTlsOptions(TransportOptions options)
    {
        var tls = new SslClientAuthenticationOptions
        {
            TargetHost = options.TlsServerName,
            EnabledSslProtocols = SslProtocols.None, // the OS default: TLS 1.2 and 1.3
        };
        if (options.ClientCertificate is not null)
        {
            tls.ClientCertificates = [options.ClientCertificate];
        }

        if (options.Insecure)
        {
            // Explicit opt-in (--insecure) for self-signed test brokers; the default and --cafile validate the chain.
#pragma warning disable CA5359
            tls.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (options.CaRoots is not null)
        {
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(options.CaRoots);
            tls.CertificateChainPolicy = policy;
        }

        return tls;
    }

    private string? Dispatch(ref ReadOnlySequence<byte> buffer, IInboundHandler handler)
    {
        var frameStart = buffer;
        while (Frame.TryRead(ref buffer, out var header, out var body))
        {
            var frame = frameStart.Slice(0, body.End);
            frameStart = buffer;
            switch (PacketTypes.Of(header))
            {
                case PacketTypes.Publish:
                    var qos = (header >> 1) & 3;
                    var packetId = ReadPublish(body, qos, out var timestamp);
                    handler.OnPublish(timestamp);
                    if (qos > 0)
                    {
                        _pendingAcks.Add(packetId);
                    }

                    break;
                case PacketTypes.PubAck:
                    handler.OnPubAck(ReadUInt16(body));
                    break;
                case PacketTypes.Disconnect:
                    return ControlPackets.TryDecode(ref frame, ProtocolLevel, out var packet).Status == DecodeStatus.Packet
                        && packet is DisconnectPacket disconnect
                        ? ControlPackets.Describe(disconnect)
                        : "DISCONNECT from broker (undecodable)";
                default:
                    // PINGRESP and anything else the roles do not act on.
                    break;
            }
        }

        return null;
    }

    private ushort ReadPublish(ReadOnlySequence<byte> body, int qos, out long timestamp)
    {
        var reader = new SequenceReader<byte>(body);
        reader.TryReadBigEndian(out short topicLength);
        reader.Advance((ushort)topicLength);
        short packetId = 0;
        if (qos > 0)
        {
            reader.TryReadBigEndian(out packetId);
        }

        if (ProtocolLevel == 5 && Frame.TryReadVarInt(ref reader, out var propertiesLength))
        {
            reader.Advance(propertiesLength);
        }

        timestamp = PayloadClockReader.Read(reader.UnreadSequence, Clock);

        return (ushort)packetId;
    }

    private static ushort ReadUInt16(ReadOnlySequence<byte> body)
    {
        Span<byte> two = stackalloc byte[2];
        body.Slice(0, 2).CopyTo(two);
        return BinaryPrimitives.ReadUInt16BigEndian(two);
    }

    private async Task FlushAcksAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var span = Output.GetSpan(4 * _pendingAcks.Count);
            for (var i = 0; i < _pendingAcks.Count; i++)
            {
                ControlPackets.WritePubAck(span.Slice(i * 4, 4), _pendingAcks[i]);
            }

            Output.Advance(4 * _pendingAcks.Count);
            _pendingAcks.Clear();
            await Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<MqttPacket> ReadControlAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await Input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var decoded = ControlPackets.TryDecode(ref buffer, ProtocolLevel, out var packet);
            if (decoded.Status == DecodeStatus.Packet)
            {
                Input.AdvanceTo(buffer.Start);
                return packet!;
            }

            Input.AdvanceTo(buffer.Start, buffer.End);
            if (decoded.Status == DecodeStatus.Invalid)
            {
                throw new InvalidDataException($"Broker sent an invalid packet: {decoded.Reason} ({decoded.Detail}).");
            }

            if (result.IsCompleted)
            {
                throw new IOException("Broker closed the connection before answering.");
            }
        }
    }
}
