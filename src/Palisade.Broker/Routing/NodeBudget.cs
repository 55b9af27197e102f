using Palisade.Broker.Hooks;

namespace Palisade.Broker.Routing;

/// <summary>
/// The node-wide budget of queued bytes and its high-water marks: above <see cref="ShedBulkAbove"/> new Bulk deliveries
/// are shed at routing time, above <see cref="ShedEventAbove"/> Event too; Control never. Measured against
/// <see cref="Diagnostics.BrokerStats.QueuedBytes"/> (all sessions' queues), so a node that many slow subscribers fill
/// stops growing its heap with telemetry while commands still get through.
/// </summary>
/// <param name="Budget">Total bytes (payload + topic) the node's queues may hold before shedding everything sheddable.</param>
/// <param name="ShedBulkAbove">Queued bytes above which Bulk is shed.</param>
/// <param name="ShedEventAbove">Queued bytes above which Event is shed too.</param>
internal sealed record NodeBudget(long Budget, long ShedBulkAbove, long ShedEventAbove)
{
    /// <summary>No node-wide shedding (tests of the router alone).</summary>
    public static NodeBudget Unlimited { get; } = new(long.MaxValue, long.MaxValue, long.MaxValue);

    public static NodeBudget From(BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var budget = options.EffectiveNodeQueuedBytesBudget();
        return new NodeBudget(budget, Percent(budget, options.NodeShedBulkPercent), Percent(budget, options.NodeShedEventPercent));
    }

    /// <summary>Whether a new delivery of <paramref name="trafficClass"/> is shed with <paramref name="queuedBytes"/> queued on the node.</summary>
    public bool Sheds(TrafficClass trafficClass, long queuedBytes) => trafficClass switch
    {
        TrafficClass.Bulk => queuedBytes > ShedBulkAbove,
        TrafficClass.Event => queuedBytes > ShedEventAbove,
        _ => false,
    };

    private static long Percent(long budget, int percent) =>
        budget == long.MaxValue ? long.MaxValue : (long)(budget * (Math.Clamp(percent, 1, 100) / 100.0));
}
