using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Palisade.Broker.Hooks;

namespace Palisade.Edge.Admission;

/// <summary>
/// Counters of the meter "Palisade.Admission" (exported with the other Palisade.* meters on /metrics):
/// <list type="bullet">
/// <item><c>palisade.admission.admitted</c> {message}, tag <c>traffic_class</c> (control, event, bulk; all three always
///   reported, 0 included);</item>
/// <item><c>palisade.admission.refused</c> {message}, tags <c>stage</c> (rate, size, integrity, replay, validity) and
///   <c>code</c> (the audit code, e.g. integrity.tag-mismatch), one series per pair seen since start;</item>
/// <item><c>palisade.admission.audit_coalesced</c> {record}: refusals and Sparkplug gaps counted into a per-minute
///   summary instead of being audited one by one;</item>
/// <item><c>palisade.admission.sparkplug_gaps</c> {gap}: Sparkplug B seq gaps (admitted, audited as
///   validity.sparkplug-gap).</item>
/// </list>
/// <para>Why observable instruments over totals kept here, and not Counter.Add: a Counter only reaches listeners
/// attached when it is added to, so every admission before the first scrape of /metrics (whose exporter attaches on
/// its first request) was lost, and a counter that moved only then never appeared at all. The broker's meter reads
/// its totals the same way. Counting is an interlocked add (a dictionary lookup for a refusal); nothing allocates once
/// a (stage, code) pair has been seen.</para>
/// </summary>
internal sealed class AdmissionMetrics : IDisposable
{
    public const string MeterName = "Palisade.Admission";

    private static readonly TrafficClass[] Classes = [TrafficClass.Control, TrafficClass.Event, TrafficClass.Bulk];

    private readonly Meter _meter;
    private readonly long[] _admitted = new long[3];
    private readonly ConcurrentDictionary<(string Stage, string Code), StrongBox<long>> _refused = new();
    private readonly ConcurrentDictionary<string, StrongBox<long>> _released = new();
    private long _retransmissions;
    private long _coalesced;
    private long _sparkplugGaps;

    public AdmissionMetrics(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableCounter("palisade.admission.admitted", ObserveAdmitted, "{message}", "Publishes admitted, by traffic class");
        _meter.CreateObservableCounter("palisade.admission.refused", ObserveRefused, "{message}", "Publishes refused, by stage and audit code");
        _meter.CreateObservableCounter("palisade.admission.audit_coalesced", () => Interlocked.Read(ref _coalesced), "{record}",
            "Refusals and Sparkplug gaps counted into a per-minute audit summary");
        _meter.CreateObservableCounter("palisade.admission.sparkplug_gaps", () => Interlocked.Read(ref _sparkplugGaps), "{gap}",
            "Sparkplug B seq gaps (messages admitted, gap audited)");
        _meter.CreateObservableCounter("palisade.admission.retransmissions", () => Interlocked.Read(ref _retransmissions), "{message}",
            "QoS 1/2 resends (DUP) of messages admitted before: acknowledged, not delivered again");
        _meter.CreateObservableCounter("palisade.admission.released", ObserveReleased, "{message}",
            "Admitted messages the store then refused, whose consumed state (anti-replay sequence) a stage gave back, by stage");
    }

    /// <summary>The meter (tests listen to exactly this instance).</summary>
    public Meter Meter => _meter;

    public void Admitted(TrafficClass trafficClass) => Interlocked.Increment(ref _admitted[Index(trafficClass)]);

    public void Refused(string stage, string code) =>
        Interlocked.Increment(ref _refused.GetOrAdd((stage, code), static _ => new StrongBox<long>()).Value);

    public void Retransmission() => Interlocked.Increment(ref _retransmissions);

    /// <summary>Resends counted since start (for tests and diagnostics).</summary>
    public long Retransmissions => Interlocked.Read(ref _retransmissions);

    public void Released(string stage) =>
        Interlocked.Increment(ref _released.GetOrAdd(stage, static _ => new StrongBox<long>()).Value);

    /// <summary>Messages whose state <paramref name="stage"/> gave back since start (for tests and diagnostics).</summary>
    public long ReleasedCount(string stage) => _released.TryGetValue(stage, out var box) ? Interlocked.Read(ref box.Value) : 0;

    public void Coalesced() => Interlocked.Increment(ref _coalesced);

    public void SparkplugGap() => Interlocked.Increment(ref _sparkplugGaps);

    /// <summary>Refusals counted for (<paramref name="stage"/>, <paramref name="code"/>) since start (what the series reports; for tests and diagnostics).</summary>
    public long RefusedCount(string stage, string code) =>
        _refused.TryGetValue((stage, code), out var box) ? Interlocked.Read(ref box.Value) : 0;

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> ObserveAdmitted()
    {
        foreach (var trafficClass in Classes)
        {
            yield return new Measurement<long>(Interlocked.Read(ref _admitted[Index(trafficClass)]),
                new KeyValuePair<string, object?>("traffic_class", Name(trafficClass)));
        }
    }

    private IEnumerable<Measurement<long>> ObserveReleased()
    {
        foreach (var (stage, box) in _released)
        {
            yield return new Measurement<long>(Interlocked.Read(ref box.Value), new KeyValuePair<string, object?>("stage", stage));
        }
    }

    private IEnumerable<Measurement<long>> ObserveRefused()
    {
        foreach (var ((stage, code), box) in _refused)
        {
            yield return new Measurement<long>(Interlocked.Read(ref box.Value),
                new KeyValuePair<string, object?>("stage", stage), new KeyValuePair<string, object?>("code", code));
        }
    }

    private static int Index(TrafficClass trafficClass) => trafficClass switch
    {
        TrafficClass.Control => 0,
        TrafficClass.Event => 1,
        _ => 2,
    };

    private static string Name(TrafficClass trafficClass) => trafficClass switch
    {
        TrafficClass.Control => "control",
        TrafficClass.Event => "event",
        _ => "bulk",
    };
}
