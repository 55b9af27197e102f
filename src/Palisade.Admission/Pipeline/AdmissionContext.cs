using Palisade.Broker.Hooks;
using Palisade.Mqtt.Packets;

namespace Palisade.Admission.Pipeline;

/// <summary>
/// One PUBLISH under admission, as the stages see it. The host fills the identity facts (from the authenticated
/// connection, never from the message) and the topic class; the integrity stage fills <see cref="Envelope"/> and
/// narrows <see cref="Body"/> to the payload without a compact envelope prefix, so later stages (replay, validity)
/// judge what the device meant to send. Not thread-safe: one instance per publish, or one per connection that
/// <see cref="Reuse"/> moves to the connection's next publish (a connection's publishes are admitted one after the
/// other, and no stage keeps a context beyond its call).
/// </summary>
public sealed class AdmissionContext
{
    public AdmissionContext(PublishPacket packet, string deviceId, string participantId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(packet);
        Packet = packet;
        DeviceId = deviceId;
        ParticipantId = participantId;
        Now = now;
        Body = packet.Payload;
    }

    private string? _deviceClass;
    private string _topicClass = "";
    private TrafficClass _trafficClass;
    private bool _isWill;

    /// <summary>The PUBLISH as received (topic alias resolved).</summary>
    public PublishPacket Packet { get; private set; }

    public string Topic => Packet.Topic;

    /// <summary>Authenticated device id (the principal), not the client's claim.</summary>
    public string DeviceId { get; }

    public string ParticipantId { get; }

    /// <summary>The device's class from the registry (e.g. "plc", "sensor"), or null when none is recorded.</summary>
    public string? DeviceClass { get => _deviceClass; init => _deviceClass = value; }

    /// <summary>
    /// The topic class: for p/{participant}/d/{device}/{class}/... the {class} level ("telemetry", "events", "state");
    /// for Sparkplug B (spBv1.0/{group}/{type}/{edge}[/{device}]) "sparkplug". Decided by the host from the topic.
    /// </summary>
    public string TopicClass { get => _topicClass; init => _topicClass = value; }

    /// <summary>The traffic class the host's policy gives this topic class (never what the publisher claims).</summary>
    public TrafficClass TrafficClass { get => _trafficClass; init => _trafficClass = value; }

    /// <summary>Time of admission (the host's clock), for timestamp skew and rate windows.</summary>
    public DateTimeOffset Now { get; private set; }

    /// <summary>True for MQTT 5.0 publishers (user-property envelope possible), false for 3.1.1.</summary>
    public bool IsV5 { get; init; }

    /// <summary>
    /// The connection the publish came on: an opaque token the host keeps unchanged for the connection's lifetime (one
    /// per connection, compared by reference), or null when the host has none. Stages that follow a session of the
    /// connection (Sparkplug B births) keep their facts by it.
    /// </summary>
    public object? Connection { get; init; }

    /// <summary>
    /// True for the CONNECT's will message, admitted at CONNECT like a publish and published by the broker later, when
    /// the connection ends without DISCONNECT: a stage must judge its content but not treat it as sent now.
    /// </summary>
    public bool IsWill { get => _isWill; init => _isWill = value; }

    /// <summary>The application payload: the whole payload, or after a compact envelope prefix once verified.</summary>
    public ReadOnlyMemory<byte> Body { get; set; }

    /// <summary>The verified envelope (key id, sequence, timestamp), or null when the message carried none.</summary>
    public EnvelopeFacts? Envelope { get; set; }

    /// <summary>
    /// Set by anti-replay for a QoS 1/2 resend (DUP) of a sequence it admitted before: the later stages still judge it
    /// (the same bytes get the same verdict), and if they pass, it is acknowledged but not delivered again.
    /// </summary>
    public bool IsRetransmission { get; set; }

    /// <summary>
    /// Makes this context the one of <paramref name="packet"/>, the next publish of the same connection: the per-message
    /// facts are replaced and what stages set (<see cref="Body"/>, <see cref="Envelope"/>,
    /// <see cref="IsRetransmission"/>) starts afresh; the connection's facts (device, participant, version, token)
    /// stay. Saves allocating a context per message on the admitted path.
    /// </summary>
    public void Reuse(PublishPacket packet, DateTimeOffset now, string? deviceClass, string topicClass, TrafficClass trafficClass, bool isWill)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(topicClass);
        Packet = packet;
        Now = now;
        _deviceClass = deviceClass;
        _topicClass = topicClass;
        _trafficClass = trafficClass;
        _isWill = isWill;
        Body = packet.Payload;
        Envelope = null;
        IsRetransmission = false;
    }
}
