using Palisade.Broker.Sessions;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Routing;

/// <summary>
/// One session's subscription to one filter, as held in the trie. Immutable: a re-subscribe replaces the entry,
/// so routing threads read it without locks.
/// </summary>
internal sealed class SubscriptionEntry
{
    public SubscriptionEntry(Session session, string filter, string? shareGroup, Subscription options, uint subscriptionId)
    {
        Session = session;
        Filter = filter;
        ShareGroup = shareGroup;
        MaximumQoS = options.MaximumQoS;
        NoLocal = options.NoLocal;
        RetainAsPublished = options.RetainAsPublished;
        RetainHandling = options.RetainHandling;
        SubscriptionId = subscriptionId;
        // Allocated once here so that each delivery can carry the identifier without allocating.
        SubscriptionIds = subscriptionId == 0 ? null : [subscriptionId];
    }

    public Session Session { get; }

    /// <summary>The topic filter without any <c>$share/{group}/</c> prefix.</summary>
    public string Filter { get; }

    /// <summary>The share name for a shared subscription, else null.</summary>
    public string? ShareGroup { get; }

    /// <summary>The filter as the client wrote it (with the share prefix): the session's key for this subscription.</summary>
    public string FullFilter => ShareGroup is null ? Filter : "$share/" + ShareGroup + "/" + Filter;

    public QualityOfService MaximumQoS { get; }
    public bool NoLocal { get; }
    public bool RetainAsPublished { get; }
    public RetainHandling RetainHandling { get; }

    /// <summary>Subscription Identifier (5.0), 0 when none.</summary>
    public uint SubscriptionId { get; }

    public uint[]? SubscriptionIds { get; }
}
