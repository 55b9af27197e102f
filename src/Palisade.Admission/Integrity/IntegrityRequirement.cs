using System.Collections.Frozen;
using Palisade.Admission.Pipeline;

namespace Palisade.Admission.Integrity;

/// <summary>
/// Ready-made answers to "must this message carry an integrity envelope?" for <see cref="IntegrityStage"/>. The host
/// builds one from its configuration; a message is required to carry an envelope when its participant, its device's
/// class or its topic class is listed (any one suffices). Whatever the policy, an envelope that is present is always
/// verified.
/// </summary>
public static class IntegrityRequirement
{
    /// <summary>Every message must carry an envelope.</summary>
    public static Func<AdmissionContext, bool> Always { get; } = static _ => true;

    /// <summary>Envelopes are optional (verified when present).</summary>
    public static Func<AdmissionContext, bool> Never { get; } = static _ => false;

    /// <summary>Required when the participant, the device class or the topic class is in the given lists (ordinal, exact).</summary>
    public static Func<AdmissionContext, bool> For(IEnumerable<string>? participants = null, IEnumerable<string>? deviceClasses = null, IEnumerable<string>? topicClasses = null)
    {
        var p = (participants ?? []).ToFrozenSet(StringComparer.Ordinal);
        var d = (deviceClasses ?? []).ToFrozenSet(StringComparer.Ordinal);
        var t = (topicClasses ?? []).ToFrozenSet(StringComparer.Ordinal);
        if (p.Count == 0 && d.Count == 0 && t.Count == 0)
        {
            return Never;
        }

        return context => p.Contains(context.ParticipantId)
            || (context.DeviceClass is { } deviceClass && d.Contains(deviceClass))
            || t.Contains(context.TopicClass);
    }
}
