using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Palisade.Broker.Connections;
using Palisade.Broker.Diagnostics;
using Palisade.Broker.Hooks;
using Palisade.Broker.Retained;
using Palisade.Broker.Routing;
using Palisade.Broker.Sessions;

namespace Palisade.Broker;

/// <summary>
/// What every connection of one broker shares: options, hooks, the router (trie and retained store), the session
/// store, counters, and the registry the sweeper walks. Built once by <see cref="MqttBroker"/>.
/// </summary>
internal sealed class BrokerCore
{
    private readonly ConcurrentDictionary<MqttConnection, byte> _connections = new(ReferenceEqualityComparer.Instance);

    public BrokerCore(
        BrokerOptions options,
        ILogger logger,
        IConnectionAuthenticator authenticator,
        ISubscriptionAuthorizer subscriptionAuthorizer,
        IPublishAdmission publishAdmission,
        IDeliveryFilter deliveryFilter,
        TimeProvider time,
        IMeterFactory? meterFactory = null)
    {
        Options = options;
        Logger = logger;
        Authenticator = authenticator;
        SubscriptionAuthorizer = subscriptionAuthorizer;
        PublishAdmission = publishAdmission;
        Time = time;
        Trie = new SubscriptionTrie();
        Retained = new RetainedStore(options.MaximumRetainedMessages);
        Router = new MessageRouter(Trie, Retained, deliveryFilter, Stats, time, logger, options.MaximumRetainedMessages, NodeBudget.From(options));
        Sessions = new SessionStore(Router, time, logger, options.MaximumQueuedMessages, options.MaximumQueuedBytes, options.MaximumQueuedControlMessages, Stats);
        Metrics = new BrokerMetrics(Stats, () => ConnectionCount, meterFactory);
        ConnectTimeout = options.ConnectTimeoutSeconds * time.TimestampFrequency;
        Turn = options.TurnMicroseconds <= 0 ? long.MaxValue : Math.Max(1, options.TurnMicroseconds * time.TimestampFrequency / 1_000_000);
    }

    /// <summary><see cref="BrokerOptions.TurnMicroseconds"/> in timestamp ticks; <see cref="long.MaxValue"/> = unbounded.</summary>
    public long Turn { get; }

    public BrokerOptions Options { get; }
    public ILogger Logger { get; }
    public IConnectionAuthenticator Authenticator { get; }
    public ISubscriptionAuthorizer SubscriptionAuthorizer { get; }
    public IPublishAdmission PublishAdmission { get; }

    /// <summary>Where admitted QoS 1/2 messages are stored before they are acknowledged; null = no store (acknowledged when routed).</summary>
    public IMessageStore? MessageStore { get; init; }
    public TimeProvider Time { get; }
    public BrokerStats Stats { get; } = new();
    public SubscriptionTrie Trie { get; }
    public RetainedStore Retained { get; }
    public MessageRouter Router { get; }
    public SessionStore Sessions { get; }

    /// <summary>The "Palisade.Broker" meter over <see cref="Stats"/>; disposed with the broker.</summary>
    public BrokerMetrics Metrics { get; }

    /// <summary>Connect timeout in timestamp ticks.</summary>
    public long ConnectTimeout { get; }

    public ICollection<MqttConnection> Connections => _connections.Keys;

    public int ConnectionCount => _connections.Count;

    public void Register(MqttConnection connection) => _connections[connection] = 0;

    public void Unregister(MqttConnection connection) => _connections.TryRemove(connection, out _);

    /// <summary>One pass of the shared sweeper: connect and keep-alive timeouts, delayed wills, session expiry.</summary>
    public void Sweep()
    {
        var now = Time.GetTimestamp();
        foreach (var connection in _connections.Keys)
        {
            connection.CheckTimeouts(now);
        }

        Sessions.Sweep();
    }
}
