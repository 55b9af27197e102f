using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;

namespace Palisade.Simulation;

/// <summary>
/// One simulated device: connects as itself (its certificate, its id as client id), subscribes to its own commands,
/// then publishes a telemetry sample per tick and an event per machine state change, sealed with its envelope key
/// when it has one. Every <see cref="SimulationSettings.MisbehaveEvery"/>-th message is replaced by the next
/// misbehaviour of the configured list. The tally records what was sent and how the broker answered.
/// </summary>
internal sealed class SimulatedDevice
{
    private readonly SimulationSettings _settings;
    private readonly SimulatedDeviceIdentity _identity;
    private readonly SimulationTally _tally;
    private readonly TimeProvider _time;
    private readonly MachineModel _machine;
    private readonly ConcurrentDictionary<ushort, Misbehaviour> _pending = new();
    private readonly string _topicBase;
    private ushort _nextPacketId;
    private ulong _sequence;
    private int _misbehaviourIndex;
    private PublishPacket? _lastSealed;

    public SimulatedDevice(SimulationSettings settings, SimulatedDeviceIdentity identity, int index, SimulationTally tally, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(identity);
        _settings = settings;
        _identity = identity;
        _tally = tally;
        _time = time;
        _machine = new MachineModel(identity.DeviceId, settings.Seed + index);
        _topicBase = $"p/{settings.ParticipantId}/d/{identity.DeviceId}/";

        // Anti-replay state outlives a simulator run: start each run's sequence above anything an earlier run can have
        // sent (milliseconds since 1970 x 1000 leaves room for 1,000 messages per millisecond of wall time).
        _sequence = (ulong)time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        SimulatorConnection connection;
        try
        {
            connection = await SimulatorConnection.OpenAsync(_settings.Endpoint, _identity.Certificate, _settings.Version, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException)
        {
            _tally.Closed("transport failed: " + ex.Message);
            return;
        }

        await using (connection.ConfigureAwait(false))
        {
            var keepAlive = (ushort)Math.Clamp(Math.Ceiling(3 / _settings.Rate), 30, 600);
            await connection.SendAsync(new ConnectPacket
            {
                ProtocolVersion = _settings.Version,
                ClientId = _identity.DeviceId,
                CleanStart = true,
                KeepAliveSeconds = keepAlive,
            }, cancellationToken).ConfigureAwait(false);

            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connectTimeout.CancelAfter(TimeSpan.FromSeconds(15));
            MqttPacket? first = null;
            try
            {
                first = await connection.Inbound.ReadAsync(connectTimeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
            {
            }

            if (first is not ConnAckPacket connAck || connAck.ReasonCode != ReasonCode.Success)
            {
                _tally.ConnectRefused(first is ConnAckPacket refused
                    ? $"CONNACK 0x{(byte)refused.ReasonCode:X2} {refused.ReasonString}".TrimEnd()
                    : connection.CloseReason ?? "no CONNACK");
                return;
            }

            _tally.Connected();
            var inbound = ProcessInboundAsync(connection);
            await connection.SendAsync(new SubscribePacket
            {
                PacketId = NextPacketId(),
                Subscriptions = [new Subscription(_topicBase + "commands/#", QualityOfService.AtLeastOnce)],
            }, cancellationToken).ConfigureAwait(false);

            try
            {
                await PublishLoopAsync(connection, cancellationToken).ConfigureAwait(false);
                await DrainAsync(cancellationToken).ConfigureAwait(false);
                await connection.SendAsync(new DisconnectPacket(), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
            {
                // The broker closed the connection (e.g. a flood ban) or the run was stopped: the tally says which.
            }

            foreach (var kind in _pending.Values)
            {
                _tally.Unanswered(kind);
            }

            _pending.Clear();
            if (connection.CloseReason is { } reason)
            {
                _tally.Closed(reason);
            }

            _ = inbound;
        }
    }

    private async Task PublishLoopAsync(SimulatorConnection connection, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(1 / _settings.Rate);
        var deadline = _settings.Duration is { } duration ? _time.GetUtcNow() + duration : DateTimeOffset.MaxValue;
        for (var n = 1; n <= _settings.MessagesPerDevice && _time.GetUtcNow() < deadline; n++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (connection.CloseReason is not null)
            {
                return;
            }

            var changed = _machine.Step();
            var kind = _settings.Misbehaviours.Count > 0 && _settings.MisbehaveEvery > 0 && n % _settings.MisbehaveEvery == 0
                ? _settings.Misbehaviours[_misbehaviourIndex++ % _settings.Misbehaviours.Count]
                : Misbehaviour.None;
            await SendKindAsync(connection, kind, cancellationToken).ConfigureAwait(false);
            if (changed)
            {
                await SendAsync(connection, Misbehaviour.None, Seal(_topicBase + "events/state", _machine.StateEventJson(_time.GetUtcNow()), _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendKindAsync(SimulatorConnection connection, Misbehaviour kind, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var topic = _topicBase + "telemetry/machine";
        switch (kind)
        {
            case Misbehaviour.Replay when _lastSealed is { } earlier:
                await SendAsync(connection, kind, Copy(earlier), cancellationToken).ConfigureAwait(false);
                return;
            case Misbehaviour.Replay:
                // Nothing sealed yet to replay: send a valid message and replay it right away.
                var original = Seal(topic, _machine.TelemetryJson(now), now);
                await SendAsync(connection, Misbehaviour.None, original, cancellationToken).ConfigureAwait(false);
                await SendAsync(connection, kind, Copy(original), cancellationToken).ConfigureAwait(false);
                return;
            case Misbehaviour.Tamper:
                var sealedPacket = Seal(topic, _machine.TelemetryJson(now), now);
                var altered = sealedPacket.Payload.ToArray();
                altered[^2] ^= 0x01; // inside the JSON body, whichever envelope form carried the tag
                sealedPacket.Payload = altered;
                await SendAsync(connection, kind, sealedPacket, cancellationToken).ConfigureAwait(false);
                return;
            case Misbehaviour.Stale:
                var old = now - TimeSpan.FromMinutes(10);
                await SendAsync(connection, kind, Seal(topic, _machine.TelemetryJson(old), old), cancellationToken).ConfigureAwait(false);
                return;
            case Misbehaviour.Malformed:
                await SendAsync(connection, kind, Seal(topic, """{"machineId":42,"state":"exploded"}"""u8.ToArray(), now), cancellationToken).ConfigureAwait(false);
                return;
            case Misbehaviour.Oversize:
                var padding = new string('x', 256 * 1024);
                await SendAsync(connection, kind, Seal(topic, Encoding.UTF8.GetBytes($$"""{"machineId":"{{_identity.DeviceId}}","pad":"{{padding}}"}"""), now), cancellationToken).ConfigureAwait(false);
                return;
            case Misbehaviour.Flood:
                for (var i = 0; i < _settings.FloodBurst && connection.CloseReason is null; i++)
                {
                    var at = _time.GetUtcNow();
                    await SendAsync(connection, kind, Seal(topic, _machine.TelemetryJson(at), at), cancellationToken).ConfigureAwait(false);
                }

                return;
            default:
                var valid = Seal(topic, _machine.TelemetryJson(now), now);
                _lastSealed = valid;
                await SendAsync(connection, kind, valid, cancellationToken).ConfigureAwait(false);
                return;
        }
    }

    private PublishPacket Seal(string topic, byte[] body, DateTimeOffset timestamp)
    {
        var packet = new PublishPacket { Topic = topic, Payload = body, QoS = _settings.QoS };
        _identity.Signer?.Seal(packet, ++_sequence, timestamp, compact: _settings.Version != MqttProtocolVersion.V500);
        return packet;
    }

    private static PublishPacket Copy(PublishPacket earlier) => new()
    {
        Topic = earlier.Topic,
        Payload = earlier.Payload,
        QoS = earlier.QoS,
        UserProperties = earlier.UserProperties,
    };

    private async Task SendAsync(SimulatorConnection connection, Misbehaviour kind, PublishPacket packet, CancellationToken cancellationToken)
    {
        if (packet.QoS != QualityOfService.AtMostOnce)
        {
            packet.PacketId = NextPacketId();
            _pending[packet.PacketId] = kind;
        }

        _tally.Sent(kind);
        await connection.SendAsync(packet, cancellationToken).ConfigureAwait(false);
    }

    private async Task ProcessInboundAsync(SimulatorConnection connection)
    {
        await foreach (var packet in connection.Inbound.ReadAllAsync().ConfigureAwait(false))
        {
            switch (packet)
            {
                case PubAckPacket { Type: MqttPacketType.PubAck } ack when _pending.TryRemove(ack.PacketId, out var kind):
                    _tally.Answered(kind, ack.ReasonCode);
                    break;
                case PublishPacket command:
                    _tally.CommandReceived();
                    if (command.QoS == QualityOfService.AtLeastOnce)
                    {
                        try
                        {
                            await connection.SendAsync(new PubAckPacket(MqttPacketType.PubAck, command.PacketId), CancellationToken.None).ConfigureAwait(false);
                        }
                        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
                        {
                            return;
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>Waits (bounded: 5 s) for the acknowledgements still outstanding.</summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < 100 && !_pending.IsEmpty; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private ushort NextPacketId()
    {
        _nextPacketId = (ushort)(_nextPacketId == ushort.MaxValue ? 1 : _nextPacketId + 1);
        return _nextPacketId;
    }
}
