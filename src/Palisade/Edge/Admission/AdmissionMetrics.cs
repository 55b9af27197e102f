using System.Diagnostics.Metrics;
using Palisade.Broker.Hooks;

namespace Palisade.Edge.Admission;

/// <summary>
/// Counters of the meter "Palisade.Admission" (exported with the other Palisade.* meters on /metrics):
/// <list type="bullet">
/// <item><c>palisade.admission.admitted</c> {message}, tag <c>traffic_class</c> (control, event, bulk);</item>
/// <item><c>palisade.admission.refused</c> {message}, tags <c>stage</c> (rate, size, integrity, replay, validity) and
///   <c>code</c> (the audit code, e.g. integrity.tag-mismatch);</item>
/// <item><c>palisade.admission.audit_coalesced</c> {record}: refusals counted into a per-minute summary instead of
///   being audited one by one.</item>
/// </list>
/// Adding to a counter with up to three tags allocates nothing.
/// </summary>
internal sealed class AdmissionMetrics : IDisposable
{
    public const string MeterName = "Palisade.Admission";

    private readonly Meter _meter;
    private readonly Counter<long> _admitted;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _coalesced;

    public AdmissionMetrics(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        _admitted = _meter.CreateCounter<long>("palisade.admission.admitted", "{message}", "Publishes admitted, by traffic class");
        _refused = _meter.CreateCounter<long>("palisade.admission.refused", "{message}", "Publishes refused, by stage and audit code");
        _coalesced = _meter.CreateCounter<long>("palisade.admission.audit_coalesced", "{record}", "Refusals counted into a per-minute audit summary");
    }

    /// <summary>The meter (tests listen to exactly this instance).</summary>
    public Meter Meter => _meter;

    public void Admitted(TrafficClass trafficClass) =>
        _admitted.Add(1, new KeyValuePair<string, object?>("traffic_class", Name(trafficClass)));

    public void Refused(string stage, string code) =>
        _refused.Add(1, new KeyValuePair<string, object?>("stage", stage), new KeyValuePair<string, object?>("code", code));

    public void Coalesced() => _coalesced.Add(1);

    public void Dispose() => _meter.Dispose();

    private static string Name(TrafficClass trafficClass) => trafficClass switch
    {
        TrafficClass.Control => "control",
        TrafficClass.Event => "event",
        _ => "bulk",
    };
}
