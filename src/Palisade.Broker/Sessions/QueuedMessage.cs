using Palisade.Broker.Hooks;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Sessions;

/// <summary>
/// One delivery of a routed message to one session. The <see cref="PublishPacket"/> is shared by every subscriber
/// (never copied); the per-subscriber fields live here, so queuing a delivery allocates nothing.
/// </summary>
/// <param name="Message">The message as received from the publisher (topic resolved, alias removed).</param>
/// <param name="QoS">Delivery QoS: the lower of the message's and the subscription's.</param>
/// <param name="Retain">The RETAIN flag to send (retained delivery, or retain-as-published).</param>
/// <param name="SubscriptionIds">Subscription identifiers to carry (5.0), or null.</param>
/// <param name="ExpiresAt">Timestamp (<see cref="TimeProvider.GetTimestamp"/>) after which it is dropped; long.MaxValue = never.</param>
/// <param name="Class">Traffic class decided by admission: selects the queue lane (served Control, Event, Bulk) and the shedding order.</param>
internal readonly record struct QueuedMessage(
    PublishPacket Message,
    QualityOfService QoS,
    bool Retain,
    uint[]? SubscriptionIds,
    long ExpiresAt,
    TrafficClass Class = TrafficClass.Bulk)
{
    /// <summary>Bytes counted against the session's queue limit.</summary>
    public int Size => Message.Payload.Length + Message.Topic.Length;
}
