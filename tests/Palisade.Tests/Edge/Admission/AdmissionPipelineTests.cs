using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Palisade.Admission.Pipeline;
using Palisade.Broker.Hooks;
using Palisade.Edge.Admission;
using Palisade.Infrastructure.Audit;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;
using Palisade.Tests.TestSupport;

namespace Palisade.Tests.Edge.Admission;

/// <summary>The composition without sockets: order, first refusal, audit, counters, traffic classes, applications.</summary>
public sealed class AdmissionPipelineTests : IDisposable
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero));
    private readonly RecordingAuditLog _audit = new();
    private readonly IsolatedMeterFactory _meters = new();
    private readonly AdmissionMetrics _metrics;
    private readonly List<string> _calls = [];
    private AdmissionPipeline? _pipeline;

    public AdmissionPipelineTests() => _metrics = new AdmissionMetrics(_meters);

    public void Dispose()
    {
        _pipeline?.Dispose();
        _metrics.Dispose();
        _meters.Dispose();
    }

    private static ClientIdentity Device(string id = "press-1", string participant = "acme", string mqtt = "5") =>
        new(id, id, participant, new Dictionary<string, string> { ["kind"] = "device", [AdmissionPipeline.ProtocolAttribute] = mqtt });

    private static ClientIdentity Application(string id = "dashboard", string participant = "acme") =>
        new(id, id, participant, new Dictionary<string, string> { ["kind"] = "application", [AdmissionPipeline.ProtocolAttribute] = "5" });

    private static PublishPacket Publish(string topic, string payload = "{}") =>
        new() { Topic = topic, Payload = System.Text.Encoding.UTF8.GetBytes(payload), QoS = QualityOfService.AtLeastOnce, PacketId = 1 };

    private FakeStage Stage(string name, Func<AdmissionContext, StageVerdict>? evaluate = null) => new(name, _calls, evaluate ?? (_ => StageVerdict.Pass));

    private AdmissionPipeline Build(IAdmissionStage[] deviceStages, IAdmissionStage[]? applicationStages = null, AdmissionOptions? options = null,
        Func<string, string?>? deviceClassOf = null, Func<AdmissionOptions, IAdmissionStage[]>? profileStages = null)
    {
        options ??= new AdmissionOptions();
        var profiles = options.Profiles.Select((p, i) => new AdmissionProfile($"profiles[{i}]", profileStages?.Invoke(options) ?? deviceStages, p.TopicClasses)).ToList();
        var policy = new AdmissionPolicy(options, new AdmissionProfile("default", deviceStages, options.TopicClasses), profiles);
        _pipeline = new AdmissionPipeline(policy, applicationStages ?? [], deviceClassOf ?? (_ => null),
            new AdmissionAuditor(_audit, _metrics, options.Audit, _clock), _metrics, _clock, NullLogger.Instance);
        return _pipeline;
    }

    [Fact]
    public async Task Stages_run_in_the_given_order_and_an_admitted_publish_gets_its_topic_traffic_class()
    {
        var pipeline = Build([Stage("rate"), Stage("size"), Stage("integrity"), Stage("replay"), Stage("validity")]);

        var telemetry = await pipeline.AdmitAsync(Device(), Publish("p/acme/d/press-1/telemetry/t"), default);
        var events = await pipeline.AdmitAsync(Device(), Publish("p/acme/d/press-1/events/alarm"), default);

        Assert.True(telemetry.Admitted);
        Assert.Equal(TrafficClass.Bulk, telemetry.TrafficClass);
        Assert.Equal(TrafficClass.Event, events.TrafficClass);
        Assert.Equal(["rate", "size", "integrity", "replay", "validity", "rate", "size", "integrity", "replay", "validity"], _calls);
        Assert.Empty(_audit.Events);
    }

    [Fact]
    public async Task First_refusal_ends_the_admission_and_is_answered_audited_and_counted()
    {
        var refused = new List<(string Stage, string Code)>();
        using var listener = Listen(refused);
        var pipeline = Build([
            Stage("rate"),
            Stage("integrity", _ => StageVerdict.Refuse(ReasonCode.NotAuthorized, "integrity.tag-mismatch", "tag does not match")),
            Stage("replay"),
        ]);

        var result = await pipeline.AdmitAsync(Device(), Publish("p/acme/d/press-1/telemetry/t"), default);

        Assert.False(result.Admitted);
        Assert.False(result.Disconnect);
        Assert.Equal(ReasonCode.NotAuthorized, result.Reason);
        Assert.Equal("tag does not match", result.ReasonString);
        Assert.Equal(["rate", "integrity"], _calls);
        var record = Assert.Single(_audit.Events);
        Assert.Equal("device:acme/press-1", record.Actor);
        Assert.Equal("publish", record.Action);
        Assert.Equal("p/acme/d/press-1/telemetry/t", record.Target);
        Assert.Equal(AuditOutcome.Refused, record.Outcome);
        Assert.Equal("integrity.tag-mismatch (0x87): tag does not match", record.Reason);
        // The counters are observable (read at collection, as /metrics does): one series, counting one refusal.
        listener.RecordObservableInstruments();
        Assert.Equal([("integrity", "integrity.tag-mismatch")], refused);
        Assert.Equal(1, _metrics.RefusedCount("integrity", "integrity.tag-mismatch"));
    }

    [Fact]
    public async Task A_stage_asking_for_disconnect_ends_the_connection_with_its_reason()
    {
        var pipeline = Build([Stage("rate", _ => StageVerdict.RefuseAndDisconnect(ReasonCode.MessageRateTooHigh, "rate.flapping", "banned for 60 s"))]);

        var result = await pipeline.AdmitAsync(Device(), Publish("p/acme/d/press-1/telemetry/t"), default);

        Assert.False(result.Admitted);
        Assert.True(result.Disconnect);
        Assert.Equal(ReasonCode.MessageRateTooHigh, result.Reason);
        Assert.StartsWith("rate.flapping (0x96)", Assert.Single(_audit.Events).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_stage_refuses_the_publish_instead_of_letting_it_through()
    {
        var pipeline = Build([Stage("validity", _ => throw new InvalidOperationException("bug")), Stage("after")]);

        var result = await pipeline.AdmitAsync(Device(), Publish("p/acme/d/press-1/telemetry/t"), default);

        Assert.False(result.Admitted);
        Assert.Equal(ReasonCode.UnspecifiedError, result.Reason);
        Assert.DoesNotContain("after", _calls);
        Assert.StartsWith("validity.error", Assert.Single(_audit.Events).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_without_an_error_code_is_answered_as_an_error()
    {
        var pipeline = Build([Stage("odd", _ => StageVerdict.Refuse(ReasonCode.Success, "odd.refusal", "no code"))]);

        var result = await pipeline.AdmitAsync(Device(), Publish("p/acme/d/press-1/telemetry/t"), default);

        Assert.False(result.Admitted);
        Assert.Equal(ReasonCode.UnspecifiedError, result.Reason);
    }

    [Fact]
    public async Task Application_commands_skip_device_stages_and_are_control()
    {
        var pipeline = Build([Stage("integrity", _ => StageVerdict.Refuse(ReasonCode.PayloadFormatInvalid, "integrity.missing", "no envelope"))], [Stage("size")]);

        var result = await pipeline.AdmitAsync(Application(), Publish("p/acme/d/press-1/commands/stop"), default);

        Assert.True(result.Admitted);
        Assert.Equal(TrafficClass.Control, result.TrafficClass);
        Assert.Equal(["size"], _calls);
    }

    [Fact]
    public async Task Context_carries_identity_device_class_topic_class_and_protocol_from_the_connection_not_the_message()
    {
        AdmissionContext? seen = null;
        var pipeline = Build([Stage("probe", c =>
        {
            seen = c;
            return StageVerdict.Pass;
        })], deviceClassOf: id => id == "press-1" ? "plc" : null);

        await pipeline.AdmitAsync(Device(mqtt: "4"), Publish("p/acme/d/press-1/state"), default);

        Assert.NotNull(seen);
        Assert.Equal("press-1", seen.DeviceId);
        Assert.Equal("acme", seen.ParticipantId);
        Assert.Equal("plc", seen.DeviceClass);
        Assert.Equal("state", seen.TopicClass);
        Assert.Equal(TrafficClass.Event, seen.TrafficClass);
        Assert.False(seen.IsV5);
        Assert.Equal(_clock.GetUtcNow(), seen.Now);
    }

    [Fact]
    public async Task Configured_traffic_class_override_applies_to_the_topic_class()
    {
        var options = new AdmissionOptions();
        options.TopicClasses["telemetry"] = new TopicClassOptions { TrafficClass = TrafficClass.Event };
        options.TopicClasses["state"] = new TopicClassOptions { TrafficClass = TrafficClass.Bulk };
        var pipeline = Build([], options: options);

        Assert.Equal(TrafficClass.Event, (await pipeline.AdmitAsync(Device(), Publish("p/acme/d/press-1/telemetry/t"), default)).TrafficClass);
        Assert.Equal(TrafficClass.Bulk, (await pipeline.AdmitAsync(Device(), Publish("p/acme/d/press-1/state"), default)).TrafficClass);
        Assert.Equal(TrafficClass.Event, (await pipeline.AdmitAsync(Device(), Publish("p/acme/d/press-1/events/e"), default)).TrafficClass);
    }

    [Fact]
    public async Task Device_of_a_profiled_class_runs_its_profile_stages()
    {
        var options = new AdmissionOptions();
        options.Profiles.Add(new AdmissionProfileOptions { DeviceClass = "sensor" });
        var pipeline = Build([Stage("default")], options: options, deviceClassOf: id => id == "probe-1" ? "sensor" : null,
            profileStages: _ => [Stage("sensor-profile")]);

        await pipeline.AdmitAsync(Device("probe-1"), Publish("p/acme/d/probe-1/telemetry/t"), default);
        await pipeline.AdmitAsync(Device("press-1"), Publish("p/acme/d/press-1/telemetry/t"), default);

        Assert.Equal(["sensor-profile", "default"], _calls);
    }

    [Fact]
    public async Task The_will_registered_at_CONNECT_is_admitted_as_a_will_and_the_connection_is_the_context_token()
    {
        var seen = new List<(bool IsWill, object? Connection)>();
        var pipeline = Build([Stage("validity", c =>
        {
            seen.Add((c.IsWill, c.Connection));
            return StageVerdict.Pass;
        })]);
        var connection = Device();

        pipeline.ExpectWill(connection, "spBv1.0/acme/NDEATH/press-1");
        await pipeline.AdmitAsync(connection, Publish("spBv1.0/acme/NDEATH/press-1"), default);
        await pipeline.AdmitAsync(connection, Publish("spBv1.0/acme/NDEATH/press-1"), default);

        Assert.Equal([(true, (object?)connection), (false, connection)], seen);
    }

    private MeterListener Listen(List<(string Stage, string Code)> refused)
    {
        var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, _metrics.Meter) && instrument.Name == "palisade.admission.refused")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            string? stage = null, code = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "stage")
                {
                    stage = tag.Value as string;
                }
                else if (tag.Key == "code")
                {
                    code = tag.Value as string;
                }
            }

            lock (refused)
            {
                refused.Add((stage!, code!));
            }
        });
        listener.Start();
        return listener;
    }

    [Fact]
    public async Task Each_publish_of_a_connection_starts_from_its_own_facts_while_the_context_is_reused()
    {
        var seen = new List<(AdmissionContext Context, string Topic, TrafficClass Class, bool HadEnvelope, bool WasRetransmission, int BodyLength)>();
        var pipeline = Build([Stage("integrity", c =>
        {
            seen.Add((c, c.Topic, c.TrafficClass, c.Envelope is not null, c.IsRetransmission, c.Body.Length));
            // What stages write into the context for one message must not leak into the next.
            c.Envelope = new EnvelopeFacts("k1", 7, _clock.GetUtcNow());
            c.IsRetransmission = true;
            c.Body = c.Body[..1];
            return StageVerdict.Pass;
        })]);
        var connection = Device();

        await pipeline.AdmitAsync(connection, Publish("p/acme/d/press-1/telemetry/t", "{\"a\":1}"), default);
        var second = await pipeline.AdmitAsync(connection, Publish("p/acme/d/press-1/events/alarm", "{\"b\":22}"), default);
        await pipeline.AdmitAsync(Device(), Publish("p/acme/d/press-1/telemetry/t"), default);

        Assert.Same(seen[0].Context, seen[1].Context);
        Assert.NotSame(seen[0].Context, seen[2].Context);
        Assert.Equal(("p/acme/d/press-1/events/alarm", TrafficClass.Event, false, false, 8), (seen[1].Topic, seen[1].Class, seen[1].HadEnvelope, seen[1].WasRetransmission, seen[1].BodyLength));
        // The first message's stage marked it a retransmission; the second was judged on its own facts.
        Assert.True(second.Retransmission);
    }

    [Fact]
    public async Task Admitting_a_publish_allocates_nothing_once_the_connection_has_its_context()
    {
        var pass = new PassStage();
        var pipeline = Build([pass, pass, pass]);
        var connection = Device();
        var publish = Publish("p/acme/d/press-1/telemetry/t");
        for (var i = 0; i < 10; i++)
        {
            Assert.True((await pipeline.AdmitAsync(connection, publish, default)).Admitted);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            var pending = pipeline.AdmitAsync(connection, publish, default);
            Assert.True(pending.IsCompletedSuccessfully);
            // Complete already: no suspension, so the measurement stays on this thread.
            Assert.True((await pending).Admitted);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private sealed class PassStage : IAdmissionStage
    {
        public string Name => "pass";

        public StageVerdict Evaluate(AdmissionContext context) => StageVerdict.Pass;
    }

    private sealed class FakeStage(string name, List<string> calls, Func<AdmissionContext, StageVerdict> evaluate) : IAdmissionStage
    {
        public string Name => name;

        public StageVerdict Evaluate(AdmissionContext context)
        {
            calls.Add(name);
            return evaluate(context);
        }
    }
}
