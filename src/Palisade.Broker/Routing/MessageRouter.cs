using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Palisade.Broker.Diagnostics;
using Palisade.Broker.Hooks;
using Palisade.Broker.Retained;
using Palisade.Broker.Sessions;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Routing;

/// <summary>
/// Routes one admitted message: stores it if retained, finds the matching subscriptions in the trie, and offers
/// one delivery per matching session (the highest QoS and every subscription id of its overlapping subscriptions)
/// plus one per matching shared group, in the traffic class admission gave the message. Above the node's high-water marks
/// (<see cref="NodeBudget"/>) new Bulk, then Event deliveries are shed here, counted per class; Control never.
/// Runs on the publisher's reader thread and never waits on a subscriber.
/// </summary>
internal sealed class MessageRouter(
    SubscriptionTrie trie,
    RetainedStore retained,
    IDeliveryFilter deliveryFilter,
    BrokerStats stats,
    TimeProvider time,
    ILogger logger,
    int maximumRetained,
    NodeBudget? nodeBudget = null)
{
    private readonly NodeBudget _node = nodeBudget ?? NodeBudget.Unlimited;

    // Scratch lists per routing thread: routing is synchronous, so a thread never uses two at once.
    [ThreadStatic] private static List<SubscriptionEntry>? t_matches;
    [ThreadStatic] private static List<SubscriptionEntry>? t_shared;
    [ThreadStatic] private static Dictionary<Session, Aggregate>? t_bySession;

    public SubscriptionTrie Trie => trie;
    public RetainedStore Retained => retained;

    /// <summary>Expiry timestamp for a message received now with the given Message Expiry Interval.</summary>
    public long ExpiresAt(uint? messageExpiryInterval, long now) =>
        messageExpiryInterval is { } seconds ? AddSeconds(now, seconds, time.TimestampFrequency) : long.MaxValue;

    public static long AddSeconds(long timestamp, uint seconds, long frequency)
    {
        var delta = (long)seconds * frequency;
        return long.MaxValue - timestamp < delta ? long.MaxValue : timestamp + delta;
    }

    /// <summary>Routes <paramref name="message"/>; returns the number of deliveries offered (for PUBACK 0x10 and tests).</summary>
    public int Route(PublishPacket message, string? publisherClientId, TrafficClass trafficClass = TrafficClass.Bulk)
    {
        var now = time.GetTimestamp();
        var expiresAt = ExpiresAt(message.MessageExpiryInterval, now);
        if (message.Retain)
        {
            if (retained.Set(new RetainedMessage(message, expiresAt, trafficClass)) == RetainedStore.SetResult.Full)
            {
                BrokerLog.RetainedStoreFull(logger, maximumRetained);
            }
        }

        var matches = t_matches ??= [];
        var shared = t_shared ??= [];
        try
        {
            trie.Match(message.Topic, matches, shared);
            var offered = 0;
            if (matches.Count == 1)
            {
                var entry = matches[0];
                if (!(entry.NoLocal && entry.Session.ClientId == publisherClientId))
                {
                    offered += Offer(entry.Session, message, Min(message.QoS, entry.MaximumQoS), entry.RetainAsPublished && message.Retain, entry.SubscriptionIds, expiresAt, trafficClass);
                }
            }
            else if (matches.Count > 1)
            {
                offered += RouteOverlapping(matches, message, publisherClientId, expiresAt, trafficClass);
            }

            foreach (var entry in shared)
            {
                offered += Offer(entry.Session, message, Min(message.QoS, entry.MaximumQoS), entry.RetainAsPublished && message.Retain, entry.SubscriptionIds, expiresAt, trafficClass);
            }

            return offered;
        }
        finally
        {
            // Do not keep sessions reachable from a thread-static list.
            matches.Clear();
            shared.Clear();
        }
    }

    private int RouteOverlapping(List<SubscriptionEntry> matches, PublishPacket message, string? publisherClientId, long expiresAt, TrafficClass trafficClass)
    {
        var bySession = t_bySession ??= new Dictionary<Session, Aggregate>(ReferenceEqualityComparer.Instance);
        try
        {
            foreach (var entry in matches)
            {
                if (entry.NoLocal && entry.Session.ClientId == publisherClientId)
                {
                    continue;
                }

                ref var aggregate = ref CollectionsMarshal.GetValueRefOrAddDefault(bySession, entry.Session, out var exists);
                var qos = Min(message.QoS, entry.MaximumQoS);
                var retain = entry.RetainAsPublished && message.Retain;
                if (!exists)
                {
                    aggregate = new Aggregate(qos, retain, entry.SubscriptionIds);
                    continue;
                }

                // One copy per session for overlapping subscriptions: the highest QoS, and all their identifiers (MQTT-3.3.4-3/4).
                aggregate.QoS = (QualityOfService)Math.Max((byte)aggregate.QoS, (byte)qos);
                aggregate.Retain |= retain;
                if (entry.SubscriptionIds is { } ids)
                {
                    aggregate.Ids = aggregate.Ids is null ? ids : [.. aggregate.Ids, .. ids];
                }
            }

            var offered = 0;
            foreach (var (session, aggregate) in bySession)
            {
                offered += Offer(session, message, aggregate.QoS, aggregate.Retain, aggregate.Ids, expiresAt, trafficClass);
            }

            return offered;
        }
        finally
        {
            bySession.Clear();
        }
    }

    /// <summary>Offers one delivery to one session, through the delivery filter and the node budget; counts the outcome.</summary>
    public int Offer(Session session, PublishPacket message, QualityOfService qos, bool retain, uint[]? subscriptionIds, long expiresAt, TrafficClass trafficClass = TrafficClass.Bulk)
    {
        if (!deliveryFilter.ShouldDeliver(session.Identity, message))
        {
            stats.DeliveryFiltered();
            return 0;
        }

        if (trafficClass != TrafficClass.Control && _node.Sheds(trafficClass, stats.QueuedBytes))
        {
            stats.NodeShedOne(trafficClass);
            return 0;
        }

        switch (session.Offer(new QueuedMessage(message, qos, retain, subscriptionIds, expiresAt, trafficClass), out _))
        {
            case EnqueueResult.Queued:
            case EnqueueResult.QueuedDroppedOldest:
                // What was shed to make room is counted by the queue, per class.
                return 1;
            case EnqueueResult.RejectedQueueFull:
            case EnqueueResult.RejectedControlLimit:
                stats.QueueFullRejected(trafficClass);
                return 0;
            case EnqueueResult.DroppedOffline:
                stats.OfflineDropped();
                return 0;
            default:
                return 0;
        }
    }

    private static QualityOfService Min(QualityOfService a, QualityOfService b) => a < b ? a : b;

    private struct Aggregate(QualityOfService qos, bool retain, uint[]? ids)
    {
        public QualityOfService QoS = qos;
        public bool Retain = retain;
        public uint[]? Ids = ids;
    }
}
