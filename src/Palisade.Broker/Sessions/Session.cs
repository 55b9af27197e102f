using Palisade.Broker.Connections;
using Palisade.Broker.Diagnostics;
using Palisade.Broker.Hooks;
using Palisade.Broker.Routing;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Sessions;

/// <summary>
/// The state the broker keeps for one client id: subscriptions, queued and in-flight deliveries, inbound QoS 2
/// packet ids, and the pending will. It outlives connections when the session expiry interval says so.
/// Everything mutable is guarded by <see cref="Sync"/>; collections are allocated on first use, so a session
/// that never receives anything holds almost nothing.
/// </summary>
internal sealed class Session
{
    private readonly int _maxQueuedMessages;
    private readonly long _maxQueuedBytes;
    private readonly int _maxQueuedControl;
    private readonly BrokerStats? _stats;
    private ushort _lastPacketId;
    private long _inflightOrder;

    public Session(string clientId, int maxQueuedMessages = int.MaxValue, long maxQueuedBytes = long.MaxValue, int maxQueuedControl = int.MaxValue, BrokerStats? stats = null)
    {
        ClientId = clientId;
        Identity = ClientIdentity.Anonymous(clientId);
        _maxQueuedMessages = maxQueuedMessages;
        _maxQueuedBytes = maxQueuedBytes;
        _maxQueuedControl = maxQueuedControl;
        _stats = stats;
    }

    public string ClientId { get; }

    /// <summary>Guards all mutable state of this session.</summary>
    public Lock Sync { get; } = new();

    /// <summary>Who owns the session (from the last successful CONNECT); used by the delivery filter.</summary>
    public ClientIdentity Identity { get; set; }

    /// <summary>The connection currently attached, or null when offline. Written under <see cref="Sync"/>.</summary>
    public volatile MqttConnection? Connection;

    /// <summary>True once the session has been discarded; late deliveries are ignored.</summary>
    public bool Ended { get; set; }

    /// <summary>Session Expiry Interval granted, in seconds (0 = ends with the connection, uint.MaxValue = never).</summary>
    public uint ExpiryInterval { get; set; }

    /// <summary>When an offline session expires (timestamp); long.MaxValue while online or never.</summary>
    public long ExpiresAt { get; set; } = long.MaxValue;

    /// <summary>Subscriptions by the filter as the client wrote it (shared prefix included).</summary>
    public Dictionary<string, SubscriptionEntry>? Subscriptions { get; set; }

    public OutboundQueue? Queue { get; set; }

    /// <summary>Outbound QoS 1/2 deliveries awaiting acknowledgement, by packet id.</summary>
    public Dictionary<ushort, InflightMessage>? Inflight { get; set; }

    /// <summary>Inbound QoS 2 packet ids received (PUBREC sent) and not yet released by PUBREL.</summary>
    public HashSet<ushort>? IncomingQoS2 { get; set; }

    /// <summary>The will waiting for its delay after an abnormal disconnect, and when it is due.</summary>
    public WillMessage? PendingWill { get; set; }
    public long WillDueAt { get; set; } = long.MaxValue;

    /// <summary>Cheap, lock-free estimate used by shared subscriptions to prefer a member that can take a message now.</summary>
    public bool CanAcceptNow
    {
        get
        {
            if (Connection is null)
            {
                return false;
            }

            var queue = Queue;
            return queue is null || !queue.IsFull(_maxQueuedMessages, _maxQueuedBytes);
        }
    }

    /// <summary>
    /// Offers one delivery: queued (online, or offline at QoS 1/2), or dropped per the overflow policy. Wakes the
    /// attached connection's writer. Called on the publisher's thread; never blocks on I/O.
    /// </summary>
    public EnqueueResult Offer(in QueuedMessage delivery, out QueuedMessage dropped)
    {
        dropped = default;
        MqttConnection? connection;
        EnqueueResult result;
        lock (Sync)
        {
            if (Ended)
            {
                return EnqueueResult.SessionEnded;
            }

            connection = Connection;
            if (connection is null && delivery.QoS == Mqtt.QualityOfService.AtMostOnce)
            {
                return EnqueueResult.DroppedOffline;
            }

            result = (Queue ??= new OutboundQueue(_stats)).Enqueue(delivery, _maxQueuedMessages, _maxQueuedBytes, _maxQueuedControl, out dropped);
        }

        if (connection is not null)
        {
            if (result is EnqueueResult.Queued or EnqueueResult.QueuedDroppedOldest)
            {
                connection.ScheduleWrite();
            }
            else if (result == EnqueueResult.RejectedControlLimit)
            {
                // Its commands alone exceed the hard limit: a consumer this slow is disconnected rather than silently
                // losing Control (which is never shed). Its session (and queue) stay for a resume.
                if (!connection.CloseRequested)
                {
                    _stats?.SlowConsumerDisconnected();
                }

                connection.RequestClose(Mqtt.ReasonCode.QuotaExceeded, "control queue hard limit exceeded (slow consumer)");
            }
        }

        return result;
    }

    public int QueuedCount
    {
        get
        {
            lock (Sync)
            {
                return Queue?.Count ?? 0;
            }
        }
    }

    /// <summary>Allocates a packet id not used by an in-flight delivery. Caller holds <see cref="Sync"/>.</summary>
    public ushort NextPacketId()
    {
        for (var i = 0; i < ushort.MaxValue; i++)
        {
            _lastPacketId = _lastPacketId == ushort.MaxValue ? (ushort)1 : (ushort)(_lastPacketId + 1);
            if (Inflight is null || !Inflight.ContainsKey(_lastPacketId))
            {
                return _lastPacketId;
            }
        }

        throw new InvalidOperationException("All packet identifiers are in flight.");
    }

    /// <summary>Records a delivery as in flight. Caller holds <see cref="Sync"/>.</summary>
    public void AddInflight(ushort packetId, in QueuedMessage delivery)
    {
        Inflight ??= [];
        Inflight[packetId] = new InflightMessage { Delivery = delivery, Order = _inflightOrder++ };
    }

    public int InflightCount => Inflight?.Count ?? 0;
}
