using Palisade.Admission.Replay;
using Palisade.Admission.Validity.Sparkplug;
using Palisade.Edge.RateLimits;

namespace Palisade.Edge.Admission;

/// <summary>
/// Admission of what devices send (docs/admission.md), section <c>Palisade:Admission</c>. Runs only with identity on
/// (an anonymous broker has no device to hold to a policy). The defaults keep an unconfigured node working: size limits
/// generous, no schema, integrity not required, rate limits far above a healthy device's needs. Every key is checked at
/// start; a bad value or a misspelt key stops the server naming the key and its environment variable.
/// </summary>
internal sealed class AdmissionOptions
{
    public const string SectionName = "Palisade:Admission";

    /// <summary>Default payload limit of a topic class with no <see cref="TopicClassOptions.MaxPayloadBytes"/>: 256 KiB.</summary>
    public const int DefaultMaxPayloadBytes = 256 * 1024;

    /// <summary>On (default): every device PUBLISH passes rate, size, integrity, anti-replay and validity.
    /// Off: only topic authorisation (identity) applies. Env: PALISADE__ADMISSION__ENABLED.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Limits per topic class, keyed "telemetry", "events", "state", "commands" (application publishes) or "sparkplug"
    /// (spBv1.0/...). Env: PALISADE__ADMISSION__TOPICCLASSES__TELEMETRY__MAXPAYLOADBYTES etc.
    /// </summary>
    public Dictionary<string, TopicClassOptions> TopicClasses { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Which devices must sign what they send.</summary>
    public IntegrityPolicyOptions Integrity { get; set; } = new();

    /// <summary>Anti-replay: sequence window and timestamp skew (the replay stage's own record; validated and used by
    /// <c>Palisade.Edge.Replay</c>, section <c>Palisade:Admission:Replay</c>).</summary>
    public ReplayOptions Replay { get; set; } = new();

    /// <summary>Per-device publish rates (default, per participant, per device class), flapping bans and the CONNECT
    /// gate: the rate helper's own record, bound and validated by <c>Palisade.Edge.RateLimits</c>.</summary>
    public RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>Sparkplug B inspection of <c>spBv1.0/...</c> payloads (the validity stage's own bounds).</summary>
    public SparkplugSettings Sparkplug { get; set; } = new();

    /// <summary>How refusals reach the audit log (coalesced per device so a flood cannot flood the log).</summary>
    public AdmissionAuditOptions Audit { get; set; } = new();

    /// <summary>
    /// Overrides for the devices of a participant and/or a device class. The most specific matching profile wins
    /// (participant and class, then class, then participant); its values replace the section-wide ones.
    /// </summary>
    public List<AdmissionProfileOptions> Profiles { get; set; } = [];
}

/// <summary>Limits of one topic class, <c>Palisade:Admission:TopicClasses:{class}</c>.</summary>
internal sealed class TopicClassOptions
{
    /// <summary>Largest application payload (after an envelope prefix) accepted, 1..268435455 bytes; default 262144.</summary>
    public int? MaxPayloadBytes { get; set; }

    /// <summary>JSON Schema file every payload of the class must satisfy (JSON payloads); relative to the config file's
    /// folder (the working directory when there is no config file). None by default.</summary>
    public string? JsonSchema { get; set; }

    /// <summary>
    /// Traffic class instead of the one the topic class has by default (docs/admission.md table), within policy: a
    /// device's own topics may be Bulk or Event, never Control (control is the platform's commands to devices), and
    /// commands are always Control. Not settable for "sparkplug" (its message type decides).
    /// </summary>
    public Palisade.Broker.Hooks.TrafficClass? TrafficClass { get; set; }
}

/// <summary><c>Palisade:Admission:Integrity</c>: who must send an integrity envelope (docs/admission.md).</summary>
internal sealed class IntegrityPolicyOptions
{
    /// <summary>Device classes (as registered with <c>device add --class</c>) whose every publish must carry a valid envelope.</summary>
    public List<string> RequiredForDeviceClasses { get; set; } = [];

    /// <summary>Participants whose devices must all send an envelope.</summary>
    public List<string> RequiredForParticipants { get; set; } = [];
}

/// <summary><c>Palisade:Admission:Audit</c>.</summary>
internal sealed class AdmissionAuditOptions
{
    /// <summary>
    /// Refusals of one device audited one by one per minute, 1..10000, default 20; beyond that, the minute's further
    /// refusals are counted and written as ONE summary record ("admission.suppressed") when the minute ends.
    /// </summary>
    public int RecordsPerDevicePerMinute { get; set; } = 20;
}

/// <summary>One entry of <c>Palisade:Admission:Profiles</c>: overrides for matching devices.</summary>
internal sealed class AdmissionProfileOptions
{
    /// <summary>Applies to this participant's devices (null: any participant).</summary>
    public string? Participant { get; set; }

    /// <summary>Applies to devices of this class (null: any class). At least one of Participant and DeviceClass is set.</summary>
    public string? DeviceClass { get; set; }

    /// <summary>Integrity required (true) or not (false) for matching devices, whatever the section-wide lists say.</summary>
    public bool? RequireIntegrity { get; set; }

    /// <summary>Topic class limits for matching devices, each replacing the section-wide entry of the same class.</summary>
    public Dictionary<string, TopicClassOptions> TopicClasses { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary><c>Palisade:Admission:Sparkplug</c>: Sparkplug B inspection (payloads under <c>spBv1.0/</c>).</summary>
internal sealed class SparkplugSettings
{
    /// <summary>On (default): decode, check metric types, track seq/bdSeq. Off: Sparkplug payloads pass uninspected.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Most metrics one birth may declare, 1..1000000, default 10,000.</summary>
    public int MaxMetricsPerBirth { get; set; } = new SparkplugOptions().MaxMetricsPerBirth;

    /// <summary>Most devices an edge node may have born at once, 1..1000000, default 1,000.</summary>
    public int MaxDevicesPerEdgeNode { get; set; } = new SparkplugOptions().MaxDevicesPerEdgeNode;
}
