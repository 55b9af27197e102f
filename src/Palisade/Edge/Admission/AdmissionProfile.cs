using Palisade.Admission.Pipeline;
using Palisade.Broker.Hooks;
using Palisade.Platform.Participants;

namespace Palisade.Edge.Admission;

/// <summary>
/// What applies to the devices one profile matches (the section-wide settings are the profile "default"): the stages in
/// pipeline order and the traffic class of each of the device's own topic classes. Immutable, built at start. Stateful
/// stages (rate buckets, replay windows, key directory) are the same instances in every profile; only stages whose
/// configuration a profile can change (size limits, schemas) differ.
/// </summary>
internal sealed class AdmissionProfile
{
    private readonly TrafficClass _telemetry;
    private readonly TrafficClass _events;
    private readonly TrafficClass _state;

    public AdmissionProfile(string name, IReadOnlyList<IAdmissionStage> deviceStages, IReadOnlyDictionary<string, TopicClassOptions> topicClasses)
    {
        ArgumentNullException.ThrowIfNull(deviceStages);
        ArgumentNullException.ThrowIfNull(topicClasses);
        Name = name;
        DeviceStages = [.. deviceStages];
        _telemetry = Override(topicClasses, TopicNamespace.Telemetry) ?? TrafficClass.Bulk;
        _events = Override(topicClasses, TopicNamespace.Events) ?? TrafficClass.Event;
        _state = Override(topicClasses, TopicNamespace.State) ?? TrafficClass.Event;
    }

    /// <summary>"default", or "profiles[i]" as in the configuration.</summary>
    public string Name { get; }

    /// <summary>The stages a device's publish passes, in the documented order (rate, size, integrity, replay, validity).</summary>
    public IAdmissionStage[] DeviceStages { get; }

    /// <summary>The traffic class of a device publish: from the topic class and the configured overrides, never the message.</summary>
    public TrafficClass TrafficClassOf(in TopicClassification topic) => topic.TopicClass switch
    {
        TopicNamespace.Telemetry => _telemetry,
        TopicNamespace.Events => _events,
        TopicNamespace.State => _state,
        _ => topic.TrafficClass,
    };

    private static TrafficClass? Override(IReadOnlyDictionary<string, TopicClassOptions> topicClasses, string topicClass) =>
        topicClasses.TryGetValue(topicClass, out var options) ? options.TrafficClass : null;
}
