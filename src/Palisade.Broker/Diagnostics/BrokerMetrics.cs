using System.Diagnostics.Metrics;
using Palisade.Broker.Hooks;

namespace Palisade.Broker.Diagnostics;

/// <summary>
/// Publishes <see cref="BrokerStats"/> as System.Diagnostics.Metrics instruments on the meter <see cref="MeterName"/>.
/// All instruments are observable: they read the counters only when a listener collects, so the hot path pays nothing
/// beyond the interlocked adds it already does. Per-class instruments carry the tag <c>class</c> = bulk | event | control.
/// </summary>
internal sealed class BrokerMetrics : IDisposable
{
    public const string MeterName = "Palisade.Broker";

    private static readonly TrafficClass[] AllClasses = [TrafficClass.Bulk, TrafficClass.Event, TrafficClass.Control];

    private readonly Meter _meter;

    public BrokerMetrics(BrokerStats stats, Func<int> connections, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(connections);
        // Through the host's factory the meter carries the factory as its scope; the factory owns (and disposes) it.
        _meter = meterFactory?.Create(new MeterOptions(MeterName)) ?? new Meter(MeterName);
        _meter.CreateObservableGauge("palisade.broker.connections", () => connections(), "{connection}", "Open MQTT connections");
        _meter.CreateObservableCounter("palisade.broker.connections.accepted", () => stats.ConnectionsAccepted, "{connection}", "CONNECTs accepted");
        _meter.CreateObservableCounter("palisade.broker.connections.refused", () => stats.ConnectionsRefused, "{connection}", "CONNECTs refused");
        _meter.CreateObservableCounter("palisade.broker.messages.received", () => stats.MessagesReceived, "{message}", "PUBLISH received from clients");
        _meter.CreateObservableCounter("palisade.broker.messages.refused", () => stats.MessagesRefused, "{message}", "PUBLISH refused by admission");
        _meter.CreateObservableCounter("palisade.broker.messages.delivered", () => stats.MessagesDelivered, "{message}", "PUBLISH written to subscribers");
        _meter.CreateObservableGauge("palisade.broker.queued.bytes", () => stats.QueuedBytes, "By", "Bytes queued in all sessions (node budget)");
        _meter.CreateObservableCounter("palisade.broker.deliveries.shed", () => PerClass(stats.QueueShed, "queue").Concat(PerClass(stats.NodeShed, "node")), "{delivery}",
            "Deliveries shed: from a full session queue (reason=queue) or at routing time above the node budget's high-water mark (reason=node)");
        _meter.CreateObservableCounter("palisade.broker.deliveries.rejected", () => PerClass(stats.QueueRejected, null), "{delivery}",
            "New deliveries refused by a full session queue");
        _meter.CreateObservableCounter("palisade.broker.deliveries.dropped", () => new[]
        {
            new Measurement<long>(stats.DroppedOffline, new KeyValuePair<string, object?>("reason", "offline")),
            new Measurement<long>(stats.DroppedExpired, new KeyValuePair<string, object?>("reason", "expired")),
            new Measurement<long>(stats.DroppedTooLarge, new KeyValuePair<string, object?>("reason", "too_large")),
        }, "{delivery}", "Deliveries dropped for other reasons");
        _meter.CreateObservableCounter("palisade.broker.deliveries.filtered", () => stats.DeliveriesFiltered, "{delivery}", "Deliveries refused by the delivery filter");
        _meter.CreateObservableCounter("palisade.broker.turns.yielded", () => stats.TurnsYielded, "{turn}",
            "Connection readers and writers that returned their thread with work left, so waiting work ran first");
        _meter.CreateObservableCounter("palisade.broker.slow_consumer.disconnects", () => stats.SlowConsumerDisconnects, "{connection}",
            "Subscribers disconnected because their queued Control passed its hard limit");
        _meter.CreateObservableCounter("palisade.broker.protocol.violations", () => stats.ProtocolViolations, "{violation}", "Protocol violations");
    }

    public static string ClassTag(TrafficClass trafficClass) => trafficClass switch
    {
        TrafficClass.Control => "control",
        TrafficClass.Event => "event",
        _ => "bulk",
    };

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<long>> PerClass(Func<TrafficClass, long> read, string? reason)
    {
        foreach (var c in AllClasses)
        {
            yield return reason is null
                ? new Measurement<long>(read(c), new KeyValuePair<string, object?>("class", ClassTag(c)))
                : new Measurement<long>(read(c), new KeyValuePair<string, object?>("class", ClassTag(c)), new KeyValuePair<string, object?>("reason", reason));
        }
    }
}
