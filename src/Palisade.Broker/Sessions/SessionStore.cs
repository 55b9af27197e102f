using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Palisade.Broker.Connections;
using Palisade.Broker.Diagnostics;
using Palisade.Broker.Hooks;
using Palisade.Broker.Routing;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Sessions;

/// <summary>
/// All sessions by client id, and their life cycle: attach at CONNECT (new, resumed, or taken over from another
/// connection), detach when a connection ends (will, expiry), and the sweep that publishes delayed wills and
/// removes expired sessions. Attach and detach are serialised by one lock: they are rare next to routing, and
/// one lock makes takeover races impossible to get wrong.
/// </summary>
internal sealed class SessionStore(
    MessageRouter router,
    TimeProvider time,
    ILogger logger,
    int maxQueuedMessages,
    long maxQueuedBytes,
    int maxQueuedControl = int.MaxValue,
    BrokerStats? stats = null)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Session, byte> _offline = new(ReferenceEqualityComparer.Instance);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _sessions.Count;
            }
        }
    }

    public Session? Find(string clientId)
    {
        lock (_lock)
        {
            return _sessions.GetValueOrDefault(clientId);
        }
    }

    /// <summary>Result of <see cref="Attach"/>.</summary>
    public readonly record struct AttachResult(Session Session, bool SessionPresent, MqttConnection? Previous);

    /// <summary>
    /// Gives <paramref name="connection"/> the session of <paramref name="clientId"/>: a new one (clean start, or none
    /// existed) or the existing one resumed. A connection already attached to it is returned as
    /// <see cref="AttachResult.Previous"/>: the caller ends it with Session Taken Over.
    /// </summary>
    public AttachResult Attach(MqttConnection connection, string clientId, bool cleanStart, uint expiryInterval, ClientIdentity identity)
    {
        List<(WillMessage Will, string ClientId)>? wills = null;
        AttachResult result;
        lock (_lock)
        {
            var session = _sessions.GetValueOrDefault(clientId);
            MqttConnection? previous = null;
            var present = false;
            if (session is not null)
            {
                lock (session.Sync)
                {
                    previous = session.Connection;
                    session.Connection = null;
                }

                _offline.TryRemove(session, out _);
                if (cleanStart)
                {
                    End(session, ref wills);
                    session = null;
                }
                else
                {
                    // A new connection before the will delay passed: that will is not sent (MQTT-3.1.3-9).
                    session.PendingWill = null;
                    session.WillDueAt = long.MaxValue;
                    present = true;
                }
            }

            session ??= new Session(clientId, maxQueuedMessages, maxQueuedBytes, maxQueuedControl, stats);
            _sessions[clientId] = session;
            session.Identity = identity;
            session.ExpiryInterval = expiryInterval;
            session.ExpiresAt = long.MaxValue;
            lock (session.Sync)
            {
                session.Connection = connection;
            }

            result = new AttachResult(session, present, previous);
        }

        PublishWills(wills);
        return result;
    }

    /// <summary>
    /// Called once when a connection ends. <paramref name="will"/> is the connection's will unless it was suppressed
    /// (normal DISCONNECT); it is published now, after its delay, or when the session ends, whichever comes first.
    /// </summary>
    public void Detach(MqttConnection connection, Session session, WillMessage? will)
    {
        List<(WillMessage Will, string ClientId)>? wills = null;
        lock (_lock)
        {
            if (!ReferenceEquals(session.Connection, connection))
            {
                // Taken over (or ended): the session belongs to another connection now.
                if (will is not null && (session.Ended || will.WillDelayInterval == 0))
                {
                    (wills ??= []).Add((will, session.ClientId));
                }
            }
            else
            {
                lock (session.Sync)
                {
                    session.Connection = null;
                    session.Queue?.TrimIfEmpty();
                }

                if (session.ExpiryInterval == 0)
                {
                    End(session, ref wills);
                    if (will is not null)
                    {
                        (wills ??= []).Add((will, session.ClientId));
                    }
                }
                else
                {
                    var now = time.GetTimestamp();
                    session.ExpiresAt = MessageRouter.AddSeconds(now, session.ExpiryInterval, time.TimestampFrequency);
                    if (will is not null)
                    {
                        if (will.WillDelayInterval == 0)
                        {
                            (wills ??= []).Add((will, session.ClientId));
                        }
                        else
                        {
                            session.PendingWill = will;
                            session.WillDueAt = MessageRouter.AddSeconds(now, will.WillDelayInterval, time.TimestampFrequency);
                        }
                    }

                    _offline[session] = 0;
                }
            }
        }

        PublishWills(wills);
    }

    /// <summary>Publishes delayed wills that are due and ends expired offline sessions.</summary>
    public void Sweep()
    {
        if (_offline.IsEmpty)
        {
            return;
        }

        var now = time.GetTimestamp();
        List<(WillMessage Will, string ClientId)>? wills = null;
        lock (_lock)
        {
            foreach (var session in _offline.Keys)
            {
                if (session.Connection is not null || session.Ended)
                {
                    _offline.TryRemove(session, out _);
                    continue;
                }

                if (session.PendingWill is { } will && now >= session.WillDueAt)
                {
                    session.PendingWill = null;
                    session.WillDueAt = long.MaxValue;
                    (wills ??= []).Add((will, session.ClientId));
                }

                if (now >= session.ExpiresAt)
                {
                    BrokerLog.SessionExpired(logger, session.ClientId);
                    End(session, ref wills);
                }
            }
        }

        PublishWills(wills);
    }

    /// <summary>Connections attached to sessions now (for shutdown).</summary>
    public List<MqttConnection> AttachedConnections()
    {
        lock (_lock)
        {
            var list = new List<MqttConnection>();
            foreach (var session in _sessions.Values)
            {
                if (session.Connection is { } connection)
                {
                    list.Add(connection);
                }
            }

            return list;
        }
    }

    /// <summary>Discards a session: subscriptions, queue, in-flight state. Caller holds <see cref="_lock"/>.</summary>
    private void End(Session session, ref List<(WillMessage Will, string ClientId)>? wills)
    {
        List<SubscriptionEntry>? subscriptions;
        lock (session.Sync)
        {
            session.Ended = true;
            session.Connection = null;
            session.Queue?.Clear();
            session.Queue = null;
            session.Inflight = null;
            session.IncomingQoS2 = null;
            subscriptions = session.Subscriptions is { Count: > 0 } subs ? [.. subs.Values] : null;
            session.Subscriptions = null;
        }

        if (subscriptions is not null)
        {
            foreach (var entry in subscriptions)
            {
                router.Trie.Remove(session, entry.Filter, entry.ShareGroup);
            }
        }

        if (_sessions.TryGetValue(session.ClientId, out var current) && ReferenceEquals(current, session))
        {
            _sessions.Remove(session.ClientId);
        }

        _offline.TryRemove(session, out _);
        if (session.PendingWill is { } will)
        {
            session.PendingWill = null;
            (wills ??= []).Add((will, session.ClientId));
        }
    }

    private void PublishWills(List<(WillMessage Will, string ClientId)>? wills)
    {
        if (wills is null)
        {
            return;
        }

        foreach (var (will, clientId) in wills)
        {
            BrokerLog.WillPublished(logger, clientId);
            // A will says "this client went away": an Event (it was admitted at CONNECT; its class is not kept, so
            // a will on a telemetry topic is served as Event too — one message, after its publisher's last).
            router.Route(ToPublish(will), clientId, TrafficClass.Event);
        }
    }

    public static PublishPacket ToPublish(WillMessage will) => new()
    {
        Topic = will.Topic,
        Payload = will.Payload,
        QoS = will.QoS,
        Retain = will.Retain,
        PayloadFormatIndicator = will.PayloadFormatIndicator,
        MessageExpiryInterval = will.MessageExpiryInterval,
        ContentType = will.ContentType,
        ResponseTopic = will.ResponseTopic,
        CorrelationData = will.CorrelationData,
        UserProperties = will.UserProperties,
    };
}
