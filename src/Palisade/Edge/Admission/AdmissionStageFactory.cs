using Microsoft.Extensions.Logging;
using Palisade.Admission.Pipeline;
using Palisade.Edge.Identity;

namespace Palisade.Edge.Admission;

/// <summary>
/// Makes the stages from the options, in the documented order: rate, size, integrity, anti-replay, validity.
/// Stateful stages (rate buckets, key directory, replay windows) are made once and shared by every profile; the
/// stages a profile configures (size limits, schemas) are made per profile.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Interim: the stages are added as their branches merge.")]
internal sealed class AdmissionStageFactory
{
    private readonly AdmissionOptions _options;
    private readonly AdmissionOptionsValidator _paths;
    private readonly IdentityRuntime _identity;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;

    public AdmissionStageFactory(AdmissionOptions options, AdmissionOptionsValidator paths, IdentityRuntime identity, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _options = options;
        _paths = paths;
        _identity = identity;
        _time = time;
        _loggerFactory = loggerFactory;
    }

    /// <summary>Set once the profiles are built: the integrity stage asks it per publish.</summary>
    public AdmissionPolicy? Policy { get; set; }

    /// <summary>The registered class of a device (the registry is read once per connection).</summary>
    public string? DeviceClassOf(string deviceId) => null;

    public AdmissionProfile Profile(string name, IReadOnlyDictionary<string, TopicClassOptions> topicClasses)
    {
        var stages = new List<IAdmissionStage>();
        return new AdmissionProfile(name, stages, topicClasses);
    }

    public IReadOnlyList<IAdmissionStage> ApplicationStages() => [];
}
