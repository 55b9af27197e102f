namespace Palisade.Broker;

/// <summary>
/// Protocol limits of the broker core. Bound from configuration section <c>Palisade:Broker</c> by the host
/// (environment variables <c>PALISADE__BROKER__*</c>), validated at start.
/// </summary>
public sealed class BrokerOptions
{
    /// <summary>Largest packet accepted from a client, and announced in CONNACK (5.0). Env: PALISADE__BROKER__MAXIMUMPACKETSIZE.</summary>
    public uint MaximumPacketSize { get; set; } = 1024 * 1024;

    /// <summary>QoS 1/2 publishes a client may have unacknowledged towards the broker (Receive Maximum announced in CONNACK).
    /// Env: PALISADE__BROKER__RECEIVEMAXIMUM.</summary>
    public ushort ReceiveMaximum { get; set; } = 256;

    /// <summary>Topic aliases the broker accepts from a client (Topic Alias Maximum in CONNACK). Env: PALISADE__BROKER__TOPICALIASMAXIMUM.</summary>
    public ushort TopicAliasMaximum { get; set; } = 64;

    /// <summary>Longest session expiry the broker grants, in seconds (a client asking for more is told the granted value).
    /// Env: PALISADE__BROKER__MAXIMUMSESSIONEXPIRYSECONDS.</summary>
    public uint MaximumSessionExpirySeconds { get; set; } = 7 * 24 * 3600;

    /// <summary>Messages queued per session (offline, or online but not yet written) before the overflow policy applies.
    /// Env: PALISADE__BROKER__MAXIMUMQUEUEDMESSAGES.</summary>
    public int MaximumQueuedMessages { get; set; } = 1000;

    /// <summary>Bytes of payload queued per session before the overflow policy applies (bounds a slow subscriber's memory).
    /// Env: PALISADE__BROKER__MAXIMUMQUEUEDBYTES.</summary>
    public long MaximumQueuedBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Hard limit of Control deliveries (commands) one session may hold queued. Control sheds Bulk and Event from a
    /// full queue and is never shed itself; a queue holding only Control may grow past <see cref="MaximumQueuedMessages"/>
    /// up to this many messages (and twice <see cref="MaximumQueuedBytes"/>); past that the subscriber cannot keep up even
    /// with its commands and is disconnected with 0x97 Quota exceeded. Env: PALISADE__BROKER__MAXIMUMQUEUEDCONTROLMESSAGES.</summary>
    public int MaximumQueuedControlMessages { get; set; } = 2000;

    /// <summary>Node-wide budget of queued bytes over all sessions (payload + topic); 0 (default) = a quarter of the memory
    /// available to the process, clamped to 64 MiB .. 4 GiB. Env: PALISADE__BROKER__NODEQUEUEDBYTESBUDGET.</summary>
    public long NodeQueuedBytesBudget { get; set; }

    /// <summary>Above this percentage of <see cref="NodeQueuedBytesBudget"/>, new Bulk deliveries are shed at routing time.
    /// Env: PALISADE__BROKER__NODESHEDBULKPERCENT.</summary>
    public int NodeShedBulkPercent { get; set; } = 60;

    /// <summary>Above this percentage of <see cref="NodeQueuedBytesBudget"/>, new Event deliveries are shed too (Control never).
    /// Env: PALISADE__BROKER__NODESHEDEVENTPERCENT.</summary>
    public int NodeShedEventPercent { get; set; } = 85;

    /// <summary>The node budget in effect: <see cref="NodeQueuedBytesBudget"/>, or the default derived from available memory.</summary>
    public long EffectiveNodeQueuedBytesBudget()
    {
        if (NodeQueuedBytesBudget > 0)
        {
            return NodeQueuedBytesBudget;
        }

        // Physical memory, or the container's / GCHeapHardLimit's limit when lower. 1 GiB if the runtime cannot tell.
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return Math.Clamp((available > 0 ? available : 1L << 30) / 4, 64L * 1024 * 1024, 4L * 1024 * 1024 * 1024);
    }

    /// <summary>Seconds a connection has to send CONNECT after the transport opened. Env: PALISADE__BROKER__CONNECTTIMEOUTSECONDS.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>Keep alive the server imposes when a client asks for none or more (0 = accept the client's). Env: PALISADE__BROKER__SERVERKEEPALIVESECONDS.</summary>
    public ushort ServerKeepAliveSeconds { get; set; }

    /// <summary>
    /// Longest a connection's reader or writer keeps a thread while its data keeps coming synchronously, in
    /// microseconds; then it goes to the back of the thread pool's queue, behind the work queued meanwhile (a
    /// command's reads and writes, say). Without it a bulk publisher's read loop handles everything its TLS stream has
    /// buffered (up to 1 MiB: tens of ms of CPU) before another connection gets the thread. 0 = never yield.
    /// Env: PALISADE__BROKER__TURNMICROSECONDS.
    /// </summary>
    public int TurnMicroseconds { get; set; } = 500;

    /// <summary>Retained messages kept in all. Env: PALISADE__BROKER__MAXIMUMRETAINEDMESSAGES.</summary>
    public int MaximumRetainedMessages { get; set; } = 100_000;

    /// <summary>How often the one shared sweeper checks keep alive, connect timeouts, delayed wills and session expiry.
    /// Not configuration: a seam for tests.</summary>
    internal TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);
}
