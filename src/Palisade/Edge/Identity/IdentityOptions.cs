namespace Palisade.Edge.Identity;

/// <summary>
/// Device identity and topic authorisation in the running server, section <c>Palisade:Identity</c>.
/// </summary>
internal sealed class IdentityOptions
{
    public const string SectionName = "Palisade:Identity";

    /// <summary>
    /// On (default, secure): every MQTT client must prove a registered identity (device certificate from a trusted CA,
    /// or a device/application secret over TLS) and is confined to its participant's topics. Off: anonymous clients,
    /// allow-all topics, a warning at start — only for benchmarks and protocol tests. Env: PALISADE__IDENTITY__ENABLED.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the registry is polled for revocations that must end live sessions, 50..5000 ms, default 250.
    /// Env: PALISADE__IDENTITY__REVOCATIONPOLLMILLISECONDS.</summary>
    public int RevocationPollMilliseconds { get; set; } = 250;
}
