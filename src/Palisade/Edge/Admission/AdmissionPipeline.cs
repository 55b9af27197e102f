using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Palisade.Admission.Pipeline;
using Palisade.Admission.Validity.Sparkplug;
using Palisade.Broker.Hooks;
using Palisade.Infrastructure.Audit;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;

namespace Palisade.Edge.Admission;

/// <summary>
/// The admission of what devices send (docs/admission.md), run by <see cref="Identity.IdentityHooks"/> after topic
/// authorisation allowed the publish. Builds one <see cref="AdmissionContext"/> per publish from the authenticated
/// connection (never from the message) and runs the stages of the device's profile in order — rate, size, integrity,
/// anti-replay, validity — until the first refusal, which is counted, audited (coalesced per device and minute, see
/// <see cref="AdmissionAuditor"/>) and answered with the stage's reason code (and a disconnect when the stage asks).
/// An admitted publish gets the traffic class of its topic class.
/// Applications (their commands) skip the device stages: they carry no device envelope or sequence and are not
/// rate-limited as devices; only the size limit of the "commands" topic class applies, and they are always Control.
/// <para>Connections: the broker's <see cref="ClientIdentity"/> of a connection (one instance per connection) is the
/// <see cref="AdmissionContext.Connection"/> token. The identity hooks tell the pipeline which connection registered a
/// will (<see cref="ExpectWill"/>: the next admission of that connection is the will, which the broker admits right
/// after authentication) and when a connection ended (<see cref="ConnectionEnded"/>: its Sparkplug session is over).</para>
/// Thread-safe; the admitted path allocates nothing (each connection reuses one context, see <see cref="Prepare"/>).
/// </summary>
internal sealed class AdmissionPipeline : IDisposable
{
    /// <summary>Audit code of a QoS 1/2 resend (DUP) of a message admitted before (see <see cref="AdmissionContext.IsRetransmission"/>).</summary>
    public const string RetransmissionCode = "replay.retransmission";

    /// <summary>Audit code of a message whose consumed admission state was given back (see <see cref="Abandon"/>).</summary>
    public const string ReleasedCode = "admission.released";

    /// <summary>Identity attribute with the connection's MQTT version ("5" or "4"), set at CONNECT.</summary>
    public const string ProtocolAttribute = "mqtt";

    private readonly AdmissionPolicy _policy;
    private readonly IAdmissionStage[] _applicationStages;
    private readonly Func<string, string?> _deviceClassOf;
    private readonly Action? _connectionStarted;
    private readonly SparkplugInspector? _sparkplug;
    private readonly AdmissionAuditor _auditor;
    private readonly AdmissionMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConditionalWeakTable<ClientIdentity, Publisher> _publishers = new();
    private readonly ConditionalWeakTable<ClientIdentity, Publisher>.CreateValueCallback _describe;

    /// <param name="policy">Profiles and integrity requirement.</param>
    /// <param name="applicationStages">Stages for application publishes (at least the size limit of "commands").</param>
    /// <param name="deviceClassOf">The registered class of a device id (null: none), asked per publish: must be an in-memory lookup.</param>
    /// <param name="auditor">Where refusals are recorded.</param>
    /// <param name="metrics">Counters.</param>
    /// <param name="time">The host's clock.</param>
    /// <param name="logger">Stage failures.</param>
    /// <param name="connectionStarted">Called at a device connection's first publish (refreshes what <paramref name="deviceClassOf"/> reads).</param>
    /// <param name="sparkplug">The node's Sparkplug B inspector, told when a device's connection ends; null when off.</param>
    public AdmissionPipeline(AdmissionPolicy policy, IReadOnlyList<IAdmissionStage> applicationStages, Func<string, string?> deviceClassOf,
        AdmissionAuditor auditor, AdmissionMetrics metrics, TimeProvider time, ILogger logger, Action? connectionStarted = null,
        SparkplugInspector? sparkplug = null)
    {
        _connectionStarted = connectionStarted;
        _sparkplug = sparkplug;
        ArgumentNullException.ThrowIfNull(applicationStages);
        _policy = policy;
        _applicationStages = [.. applicationStages];
        _deviceClassOf = deviceClassOf;
        _auditor = auditor;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _describe = Describe;
    }

    public AdmissionPolicy Policy => _policy;

    /// <summary>
    /// Admits or refuses one publish of an authenticated device or application whose topic authorisation already
    /// passed. Completes synchronously unless a refusal waits for room in the audit queue.
    /// </summary>
    public ValueTask<PublishAdmissionResult> AdmitAsync(ClientIdentity publisher, PublishPacket publish, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(publish);
        var who = _publishers.GetValue(publisher, _describe);
        var isWill = who.TakeWill(publish.Topic);
        // The connection's own context, moved to this publish: the admitted path allocates nothing per message.
        var context = Prepare(publisher, publish, who, isWill, reuse: true, out var stages);
        var trafficClass = context.TrafficClass;
        foreach (var stage in stages)
        {
            StageVerdict verdict;
            try
            {
                verdict = stage.Evaluate(context);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A fault in a check must not let the message through (fail closed) nor end the connection.
                _logger.StageFailed(ex, stage.Name, who.Actor, publish.Topic);
                verdict = StageVerdict.Refuse(ReasonCode.UnspecifiedError, stage.Name + ".error", "admission check failed");
            }

            if (!verdict.Admitted)
            {
                return RefuseAsync(who, stage.Name, publish.Topic, verdict, cancellationToken);
            }
        }

        if (context.IsRetransmission)
        {
            // Not a refusal and not a second delivery: the resend of a message admitted before (anti-replay).
            _metrics.Retransmission();
            var sequence = context.Envelope is { } envelope ? envelope.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
            _auditor.Observed(who.Actor, publish.Topic, RetransmissionCode,
                $"QoS {(int)publish.QoS} resend (DUP) of sequence {sequence}, admitted before: acknowledged, not delivered again");
            return ValueTask.FromResult(PublishAdmissionResult.AdmitRetransmission(trafficClass));
        }

        _metrics.Admitted(trafficClass);
        return ValueTask.FromResult(PublishAdmissionResult.AdmitAs(trafficClass));
    }

    /// <summary>
    /// The admitted <paramref name="publish"/> was not stored, so not acknowledged (see
    /// <see cref="IPublishAdmission.Abandon"/>): the device's stages give back what admitting it consumed — its
    /// anti-replay sequence — so that the device's resend is admitted rather than refused as a replay. Audited (as an
    /// observation of the device, coalesced like the others) and counted when a stage gave something back.
    /// </summary>
    public void Abandon(ClientIdentity publisher, PublishPacket publish)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(publish);
        if (!_publishers.TryGetValue(publisher, out var who) || !who.IsDevice)
        {
            // Applications' commands consume nothing in admission.
            return;
        }

        // A context of its own: this runs on the store's thread, while the connection's reader may be admitting.
        var context = Prepare(publisher, publish, who, isWill: false, reuse: false, out var stages);
        List<string>? released = null;
        foreach (var stage in stages)
        {
            try
            {
                if (stage.Abandon(context))
                {
                    (released ??= []).Add(stage.Name);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The message stays consumed in that stage: a resend is refused as before, never wrongly admitted.
                _logger.StageFailed(ex, stage.Name, who.Actor, publish.Topic);
            }
        }

        if (released is null)
        {
            return;
        }

        foreach (var stage in released)
        {
            _metrics.Released(stage);
        }

        var sequence = context.Envelope is { } envelope ? envelope.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
        _auditor.Observed(who.Actor, publish.Topic, ReleasedCode,
            $"the message was not stored, so not acknowledged; sequence {sequence} may be sent again ({string.Join(", ", released)})");
    }

    /// <summary>
    /// <paramref name="connection"/> registered a will on <paramref name="willTopic"/> at CONNECT: the broker admits it
    /// right after authentication, before any publish of the connection, so the connection's next admission on that
    /// topic is the will (<see cref="AdmissionContext.IsWill"/>).
    /// </summary>
    public void ExpectWill(ClientIdentity connection, string willTopic)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(willTopic);
        _publishers.GetValue(connection, _describe).ExpectWill(willTopic);
    }

    /// <summary>
    /// <paramref name="connection"/> ended (whatever ended it): the Sparkplug session of the device's edge node, if this
    /// connection holds it, is over — the broker publishes its will NDEATH without admission — so the device's next
    /// data needs a new NBIRTH. Connections that never reached admission are ignored.
    /// </summary>
    public void ConnectionEnded(ClientIdentity connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (_sparkplug is not null && _publishers.TryGetValue(connection, out var who) && who.IsDevice)
        {
            // Sparkplug group id = participant, edge node id = device id (SparkplugTopicPolicy allows nothing else).
            _sparkplug.EdgeNodeDisconnected(who.ParticipantId, who.PrincipalId, connection);
        }
    }

    public void Dispose() => _auditor.Dispose();

    private async ValueTask<PublishAdmissionResult> RefuseAsync(Publisher who, string stage, string topic, StageVerdict verdict, CancellationToken cancellationToken)
    {
        var code = verdict.Refusal ?? stage + ".refused";
        // A stage answers with an error code (>= 0x80); anything else would read as success to the client.
        var reason = (byte)verdict.Reason >= 0x80 ? verdict.Reason : ReasonCode.UnspecifiedError;
        _metrics.Refused(stage, code);
        await _auditor.RefusedAsync(who.Actor, topic, code, (byte)reason, verdict.ReasonString, verdict.Disconnect, cancellationToken).ConfigureAwait(false);
        return verdict.Disconnect
            ? PublishAdmissionResult.RefuseAndDisconnect(reason, verdict.ReasonString)
            : PublishAdmissionResult.Refuse(reason, verdict.ReasonString);
    }

    /// <summary>
    /// The context of one publish and the stages that judge it, from the authenticated connection. With
    /// <paramref name="reuse"/>, the connection's context moved to this publish (only for its reader, which admits one
    /// publish at a time; see <see cref="AdmissionContext.Reuse"/>).
    /// </summary>
    private AdmissionContext Prepare(ClientIdentity publisher, PublishPacket publish, Publisher who, bool isWill, bool reuse, out IAdmissionStage[] stages)
    {
        var topic = TopicClassifier.Classify(publish.Topic);
        TrafficClass trafficClass;
        string? deviceClass = null;
        if (who.IsDevice)
        {
            // The class is read per publish (an in-memory lookup), so a class changed in the registry applies at once.
            deviceClass = _deviceClassOf(who.PrincipalId);
            var profile = who.Resolve(deviceClass, _policy).Profile;
            stages = profile.DeviceStages;
            trafficClass = profile.TrafficClassOf(topic);
        }
        else
        {
            stages = _applicationStages;
            trafficClass = TrafficClass.Control;
        }

        var now = _time.GetUtcNow();
        if (reuse && who.Context is { } context)
        {
            context.Reuse(publish, now, deviceClass, topic.TopicClass, trafficClass, isWill);
            return context;
        }

        var created = new AdmissionContext(publish, who.PrincipalId, who.ParticipantId, now)
        {
            DeviceClass = deviceClass,
            TopicClass = topic.TopicClass,
            TrafficClass = trafficClass,
            IsV5 = who.IsV5,
            Connection = publisher,
            IsWill = isWill,
        };
        if (reuse)
        {
            who.Context = created;
        }

        return created;
    }

    private Publisher Describe(ClientIdentity identity)
    {
        var principal = identity.Principal ?? identity.ClientId;
        var participant = identity.ParticipantId ?? "";
        var isDevice = !identity.Attributes.TryGetValue("kind", out var kind) || kind == "device";
        var isV5 = !identity.Attributes.TryGetValue(ProtocolAttribute, out var version) || version == "5";
        if (!isDevice)
        {
            return new Publisher(AuditActor.Application(participant, principal), principal, participant, false, isV5);
        }

        // Once per connection: make sure a device registered (or re-classed) just before it connected is known, so
        // its first messages are judged by its class (e.g. integrity required), not by a stale snapshot.
        _connectionStarted?.Invoke();
        return new Publisher(AuditActor.Device(participant, principal), principal, participant, true, isV5);
    }

    /// <summary>What admission needs of one connection, worked out at its first publish and kept for its lifetime.</summary>
    private sealed class Publisher(string actor, string principalId, string participantId, bool isDevice, bool isV5)
    {
        // The last (class, resolution) pair: one connection's publishes arrive in order, and a racing reader at worst
        // resolves again, so a plain reference swap is enough.
        private Resolved? _resolved;

        // The will topic registered at CONNECT until the will's admission takes it (see ExpectWill).
        private string? _pendingWill;

        public string Actor { get; } = actor;

        public string PrincipalId { get; } = principalId;

        public string ParticipantId { get; } = participantId;

        public bool IsDevice { get; } = isDevice;

        public bool IsV5 { get; } = isV5;

        /// <summary>The context the connection's reader reuses for each publish (created at its first).</summary>
        public AdmissionContext? Context { get; set; }

        public void ExpectWill(string topic) => Volatile.Write(ref _pendingWill, topic);

        /// <summary>True (once) when this admission is the will's: the first one after <see cref="ExpectWill"/>, on its topic.</summary>
        public bool TakeWill(string topic)
        {
            if (Volatile.Read(ref _pendingWill) is not { } pending)
            {
                return false;
            }

            Volatile.Write(ref _pendingWill, null);
            return string.Equals(pending, topic, StringComparison.Ordinal);
        }

        public AdmissionPolicy.Resolution Resolve(string? deviceClass, AdmissionPolicy policy)
        {
            var resolved = _resolved;
            if (resolved is null || !string.Equals(resolved.DeviceClass, deviceClass, StringComparison.Ordinal))
            {
                resolved = new Resolved(deviceClass, policy.Resolve(ParticipantId, deviceClass));
                _resolved = resolved;
            }

            return resolved.Resolution;
        }

        private sealed record Resolved(string? DeviceClass, AdmissionPolicy.Resolution Resolution);
    }
}
