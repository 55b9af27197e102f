using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Palisade.Admission.RateLimiting;
using Palisade.Admission.Replay;
using Palisade.Admission.Validity.Sparkplug;
using Palisade.Edge.Identity;
using Palisade.Edge.Integrity;

namespace Palisade.Edge.Admission;

/// <summary>
/// The admission pipeline as the server runs it, built at start from <see cref="AdmissionOptions"/> on the identity
/// runtime's registry and audit log. <see cref="Pipeline"/> is null when admission is off. Disposed by the container
/// at exit (the auditor writes the summaries of the minute in progress).
/// </summary>
internal sealed class AdmissionRuntime : IDisposable
{
    private readonly AdmissionMetrics _metrics;
    private readonly DeviceKeyStore? _keys;

    /// <param name="options">Validated options.</param>
    /// <param name="paths">Resolves schema paths.</param>
    /// <param name="identity">Registry and audit log.</param>
    /// <param name="rate">The node's rate stage, or null when rate limits are off.</param>
    /// <param name="replay">The node's anti-replay stage, asked for only when admission is on (resolving it opens its state).</param>
    /// <param name="time">The host's clock.</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="meters">Meter factory of the host, if any.</param>
    public AdmissionRuntime(AdmissionOptions options, AdmissionOptionsValidator paths, IdentityRuntime identity, Func<RateLimitStage?> rate, Func<ReplayStage> replay, TimeProvider time, ILoggerFactory loggerFactory, IMeterFactory? meters)
    {
        ArgumentNullException.ThrowIfNull(rate);
        ArgumentNullException.ThrowIfNull(replay);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _metrics = new AdmissionMetrics(meters);
        var logger = loggerFactory.CreateLogger<AdmissionPipeline>();
        if (!options.Enabled)
        {
            logger.AdmissionDisabled();
            return;
        }

        // Keys and device classes in memory, reloaded when the registry changes (CLI in another process included).
        _keys = new DeviceKeyStore(identity.Registry, time, logger: loggerFactory.CreateLogger<DeviceKeyStore>());
        var auditor = new AdmissionAuditor(identity.Audit, _metrics, options.Audit, time);
        var stages = new AdmissionStageFactory(options, paths, _keys, rate(), replay(), new SparkplugGapAuditor(auditor, _metrics));
        Rate = stages.Rate;
        Sparkplug = stages.Sparkplug;
        var defaultProfile = stages.Profile("default", options.TopicClasses);
        var profiles = options.Profiles
            .Select((p, i) => stages.Profile($"profiles[{i}]", Merge(options.TopicClasses, p.TopicClasses)))
            .ToList();
        var policy = new AdmissionPolicy(options, defaultProfile, profiles);
        stages.Policy = policy;
        Pipeline = new AdmissionPipeline(policy, stages.ApplicationStages(), _keys.DeviceClassOf,
            auditor, _metrics, time, logger, () => _keys.RefreshIfChanged(), stages.Sparkplug);
        logger.AdmissionStarted(options.Profiles.Count, string.Join(", ", options.Integrity.RequiredForDeviceClasses),
            string.Join(", ", options.Integrity.RequiredForParticipants), string.Join(" → ", defaultProfile.DeviceStages.Select(s => s.Name)));
    }

    public AdmissionPipeline? Pipeline { get; }

    /// <summary>The rate stage (its bans decide CONNECT while a device is banned); null when admission is off.</summary>
    public RateLimitStage? Rate { get; }

    /// <summary>The node's Sparkplug B inspector (edge node sessions); null when admission or Sparkplug inspection is off.</summary>
    public SparkplugInspector? Sparkplug { get; }

    public void Dispose()
    {
        Pipeline?.Dispose();
        _keys?.Dispose();
        _metrics.Dispose();
    }

    /// <summary>A profile's topic classes: the section-wide ones, each replaced by the profile's entry of the same class.</summary>
    private static Dictionary<string, TopicClassOptions> Merge(Dictionary<string, TopicClassOptions> common, Dictionary<string, TopicClassOptions> profile)
    {
        var merged = new Dictionary<string, TopicClassOptions>(common, StringComparer.OrdinalIgnoreCase);
        foreach (var (topicClass, settings) in profile)
        {
            merged[topicClass] = settings;
        }

        return merged;
    }
}
