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
    /// <param name="replay">The node's anti-replay stage (its state is persisted by the host).</param>
    /// <param name="time">The host's clock.</param>
    public AdmissionStageFactory(AdmissionOptions options, AdmissionOptionsValidator paths, IDeviceKeyDirectory keys, ReplayStage replay, TimeProvider time)
    {
        _options = options;
        _paths = paths;
        _replay = replay;
        var rates = options.RateLimits;
        Rate = new RateLimitStage(RatePolicy,
            new FlappingOptions { Refusals = rates.FlappingRefusals, Window = TimeSpan.FromSeconds(rates.FlappingWindowSeconds) },
            new BanPolicy
            {
                FirstBan = TimeSpan.FromSeconds(rates.FirstBanSeconds),
                MaximumBan = TimeSpan.FromSeconds(rates.MaximumBanSeconds),
                RepeatWindow = TimeSpan.FromHours(rates.BanRepeatWindowHours),
            },
            time);
        // The requirement is asked only for a message without an envelope; the resolution is cached per (participant, class).
        _integrity = new IntegrityStage(keys, context => Policy?.RequiresIntegrity(context.ParticipantId, context.DeviceClass) ?? false);
        _sparkplug = options.Sparkplug.Enabled
            ? new SparkplugInspector(new SparkplugOptions { MaxMetricsPerBirth = options.Sparkplug.MaxMetricsPerBirth, MaxDevicesPerEdgeNode = options.Sparkplug.MaxDevicesPerEdgeNode })
            : null;
    }

    /// <summary>Set once the profiles are built: the integrity stage asks it per publish without an envelope.</summary>
    public AdmissionPolicy? Policy { get; set; }

    /// <summary>The per-device rate stage; its <see cref="RateLimitStage.Bans"/> also decide CONNECT (0x8A while banned).</summary>
    public RateLimitStage Rate { get; }

    /// <summary>The device stages of one profile, whose topic classes are <paramref name="topicClasses"/>.</summary>
    public AdmissionProfile Profile(string name, IReadOnlyDictionary<string, TopicClassOptions> topicClasses)
    {
        var schemas = topicClasses
            .Where(t => t.Value.JsonSchema is not null)
            .Select(t => new KeyValuePair<string, string>(t.Key, _paths.ResolvePath(t.Value.JsonSchema!)))
            .ToList();
        IAdmissionStage[] stages =
        [
            Rate,
            SizeStage(topicClasses),
            _integrity,
            _replay,
            new ValidityStage(schemas.Count == 0 ? JsonSchemaRegistry.Empty : JsonSchemaRegistry.LoadFiles(schemas), _sparkplug),
        ];
        return new AdmissionProfile(name, stages, topicClasses);
    }

    /// <summary>Applications' commands: only the size limit of the "commands" topic class (see <see cref="AdmissionPipeline"/>).</summary>
    public IReadOnlyList<IAdmissionStage> ApplicationStages() => [SizeStage(_options.TopicClasses)];

    private static PayloadSizeStage SizeStage(IReadOnlyDictionary<string, TopicClassOptions> topicClasses)
    {
        var limits = topicClasses
            .Where(t => t.Value.MaxPayloadBytes is not null)
            .ToDictionary(t => t.Key, t => t.Value.MaxPayloadBytes!.Value, StringComparer.Ordinal);
        foreach (var topicClass in AdmissionOptionsValidator.KnownTopicClasses)
        {
            limits.TryAdd(topicClass, AdmissionOptions.DefaultMaxPayloadBytes);
        }

        return new PayloadSizeStage(new PayloadSizeLimits(AdmissionOptions.DefaultMaxPayloadBytes, limits));
    }

    private RateLimits RatePolicy(string participantId, string? deviceClass)
    {
        var rates = _options.RateLimits;
        var rate = Policy?.Resolve(participantId, deviceClass) is { } resolution && resolution.RateLimit is { } profiled
            ? profiled
            : deviceClass is not null && rates.DeviceClasses.TryGetValue(deviceClass, out var byClass) ? byClass : rates.Default;
        return new RateLimits(
            rate.MessagesPerSecond == 0 ? double.PositiveInfinity : rate.MessagesPerSecond,
            rate.MessageBurst ?? Math.Max(1, 2 * rate.MessagesPerSecond),
            rate.BytesPerSecond == 0 ? double.PositiveInfinity : rate.BytesPerSecond,
            rate.ByteBurst ?? Math.Max(1, 2 * rate.BytesPerSecond));
    }
}
