using Palisade.Broker.Hooks;
using Palisade.Platform.Participants;

namespace Palisade.Edge.Admission;

/// <summary>
/// Classifies a topic (never the message: a publisher cannot promote its own traffic, threat 6.2 j):
/// <c>p/{participant}/d/{device}/{class}/...</c> gives the {class} level; Sparkplug B
/// <c>spBv1.0/{group}/{type}/{edge}[/{device}]</c> (and <c>spBv1.0/STATE/{host}</c>) gives "sparkplug" and its type.
/// Traffic classes per docs/admission.md: commands, NCMD, DCMD → Control; events, state, births, deaths, STATE → Event;
/// telemetry, NDATA, DDATA and anything unknown → Bulk (so nothing is promoted by accident).
/// Allocation-free: the returned strings are constants.
/// </summary>
internal static class TopicClassifier
{
    public const string Sparkplug = "sparkplug";
    public const string SparkplugPrefix = "spBv1.0/";

    private static readonly string[] SparkplugTypes = ["NBIRTH", "NDEATH", "DBIRTH", "DDEATH", "NDATA", "DDATA", "NCMD", "DCMD", "STATE"];

    public static TopicClassification Classify(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var span = topic.AsSpan();
        if (span.StartsWith(SparkplugPrefix))
        {
            return ClassifySparkplug(span[SparkplugPrefix.Length..]);
        }

        // p/{participant}/d/{device}/{class}[/...]
        if (!span.StartsWith("p/"))
        {
            return new TopicClassification("", null, TrafficClass.Bulk);
        }

        span = span[2..];
        var slash = span.IndexOf('/');
        if (slash <= 0 || !span[(slash + 1)..].StartsWith("d/"))
        {
            return new TopicClassification("", null, TrafficClass.Bulk);
        }

        span = span[(slash + 3)..];
        slash = span.IndexOf('/');
        if (slash <= 0)
        {
            return new TopicClassification("", null, TrafficClass.Bulk);
        }

        span = span[(slash + 1)..];
        slash = span.IndexOf('/');
        var level = slash < 0 ? span : span[..slash];
        if (level.SequenceEqual(TopicNamespace.Telemetry))
        {
            return new TopicClassification(TopicNamespace.Telemetry, null, TrafficClass.Bulk);
        }

        if (level.SequenceEqual(TopicNamespace.Events))
        {
            return new TopicClassification(TopicNamespace.Events, null, TrafficClass.Event);
        }

        if (level.SequenceEqual(TopicNamespace.State))
        {
            return new TopicClassification(TopicNamespace.State, null, TrafficClass.Event);
        }

        return level.SequenceEqual(TopicNamespace.Commands)
            ? new TopicClassification(TopicNamespace.Commands, null, TrafficClass.Control)
            : new TopicClassification("", null, TrafficClass.Bulk);
    }

    /// <summary>The traffic class of a Sparkplug B message type (null or unknown → Bulk).</summary>
    public static TrafficClass SparkplugTrafficClass(string? type) => type switch
    {
        "NCMD" or "DCMD" => TrafficClass.Control,
        "NBIRTH" or "NDEATH" or "DBIRTH" or "DDEATH" or "STATE" => TrafficClass.Event,
        _ => TrafficClass.Bulk,
    };

    private static TopicClassification ClassifySparkplug(ReadOnlySpan<char> rest)
    {
        // spBv1.0/STATE/{host} (Sparkplug 3.0) or spBv1.0/{group}/{type}/{edge}[/{device}].
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return new TopicClassification(Sparkplug, null, TrafficClass.Bulk);
        }

        var first = rest[..slash];
        if (first.SequenceEqual("STATE"))
        {
            return new TopicClassification(Sparkplug, "STATE", TrafficClass.Event);
        }

        rest = rest[(slash + 1)..];
        slash = rest.IndexOf('/');
        var type = slash < 0 ? rest : rest[..slash];
        foreach (var known in SparkplugTypes)
        {
            if (type.SequenceEqual(known))
            {
                return new TopicClassification(Sparkplug, known, SparkplugTrafficClass(known));
            }
        }

        return new TopicClassification(Sparkplug, null, TrafficClass.Bulk);
    }
}
