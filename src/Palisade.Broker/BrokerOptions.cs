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

    /// <summary>Seconds a connection has to send CONNECT after the transport opened. Env: PALISADE__BROKER__CONNECTTIMEOUTSECONDS.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>Keep alive the server imposes when a client asks for none or more (0 = accept the client's). Env: PALISADE__BROKER__SERVERKEEPALIVESECONDS.</summary>
    public ushort ServerKeepAliveSeconds { get; set; }

    /// <summary>Retained messages kept in all. Env: PALISADE__BROKER__MAXIMUMRETAINEDMESSAGES.</summary>
    public int MaximumRetainedMessages { get; set; } = 100_000;

    /// <summary>How often the one shared sweeper checks keep alive, connect timeouts, delayed wills and session expiry.
    /// Not configuration: a seam for tests.</summary>
    internal TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);
}
