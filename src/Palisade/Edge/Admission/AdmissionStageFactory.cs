using Palisade.Admission.Integrity;
using Palisade.Admission.Pipeline;
using Palisade.Admission.RateLimiting;
using Palisade.Admission.Replay;
using Palisade.Admission.Validity;
using Palisade.Admission.Validity.Sparkplug;

namespace Palisade.Edge.Admission;

/// <summary>
/// Makes the stages from the options, in the documented order: rate, size, integrity, anti-replay, validity.
/// Stateful stages (rate buckets and bans, key directory, replay windows, Sparkplug edge-node state) are made once and
/// shared by every profile; the stages a profile configures (size limits, schemas) are made per profile.
/// </summary>
internal sealed class AdmissionStageFactory
{
    private readonly AdmissionOptions _options;
    private readonly AdmissionOptionsValidator _paths;
    private readonly IntegrityStage _integrity;
    private readonly ReplayStage _replay;
    private readonly SparkplugInspector? _sparkplug;

    /// <param name="options">Validated options.</param>
    /// <param name="paths">Resolves schema paths.</param>
    /// <param name="keys">The devices' integrity keys.</param>
    /// <param name="rate">The node's rate stage (shared with the CONNECT gate's bans); null when rate limits are off.</param>
    /// <param name="replay">The node's anti-replay stage (its state is persisted by the host).</param>
    /// <param name="sparkplugObserver">Told of the Sparkplug seq gaps the inspector admits (counted and audited by the host).</param>
    public AdmissionStageFactory(AdmissionOptions options, AdmissionOptionsValidator paths, IDeviceKeyDirectory keys, RateLimitStage? rate, ReplayStage replay,
        ISparkplugObserver? sparkplugObserver = null)
    {
        _options = options;
        _paths = paths;
        _replay = replay;
        Rate = rate;
        // The requirement is asked only for a message without an envelope; the resolution is cached per (participant, class).
        _integrity = new IntegrityStage(keys, context => Policy?.RequiresIntegrity(context.ParticipantId, context.DeviceClass) ?? false);
        _sparkplug = options.Sparkplug.Enabled
            ? new SparkplugInspector(new SparkplugOptions { MaxMetricsPerBirth = options.Sparkplug.MaxMetricsPerBirth, MaxDevicesPerEdgeNode = options.Sparkplug.MaxDevicesPerEdgeNode }, sparkplugObserver)
            : null;
    }

    /// <summary>The node's Sparkplug B inspector, shared by every profile (the host ends an edge node's session when its connection ends); null when off.</summary>
    public SparkplugInspector? Sparkplug => _sparkplug;

    /// <summary>Set once the profiles are built: the integrity stage asks it per publish without an envelope.</summary>
    public AdmissionPolicy? Policy { get; set; }

    /// <summary>The per-device rate stage; its bans also decide CONNECT (0x8A while banned, ConnectionGate). Null: off.</summary>
    public RateLimitStage? Rate { get; }

    /// <summary>The device stages of one profile, whose topic classes are <paramref name="topicClasses"/>.</summary>
    public AdmissionProfile Profile(string name, IReadOnlyDictionary<string, TopicClassOptions> topicClasses)
    {
        var schemas = topicClasses
            .Where(t => t.Value.JsonSchema is not null)
            .Select(t => new KeyValuePair<string, string>(t.Key.ToLowerInvariant(), _paths.ResolvePath(t.Value.JsonSchema!)))
            .ToList();
        var stages = new List<IAdmissionStage>(5);
        if (Rate is not null)
        {
            stages.Add(Rate);
        }

        stages.Add(SizeStage(topicClasses));
        stages.Add(_integrity);
        stages.Add(_replay);
        stages.Add(new ValidityStage(schemas.Count == 0 ? JsonSchemaRegistry.Empty : JsonSchemaRegistry.LoadFiles(schemas), _sparkplug));
        return new AdmissionProfile(name, stages, topicClasses);
    }

    /// <summary>Applications' commands: only the size limit of the "commands" topic class (see <see cref="AdmissionPipeline"/>).</summary>
    public IReadOnlyList<IAdmissionStage> ApplicationStages() => [SizeStage(_options.TopicClasses)];

    private static PayloadSizeStage SizeStage(IReadOnlyDictionary<string, TopicClassOptions> topicClasses)
    {
        var limits = topicClasses
            .Where(t => t.Value.MaxPayloadBytes is not null)
            .ToDictionary(t => t.Key.ToLowerInvariant(), t => t.Value.MaxPayloadBytes!.Value, StringComparer.Ordinal);
        foreach (var topicClass in AdmissionOptionsValidator.KnownTopicClasses)
        {
            limits.TryAdd(topicClass, AdmissionOptions.DefaultMaxPayloadBytes);
        }

        return new PayloadSizeStage(new PayloadSizeLimits(AdmissionOptions.DefaultMaxPayloadBytes, limits));
    }
}
