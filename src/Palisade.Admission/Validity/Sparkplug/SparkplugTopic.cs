using Palisade.Broker.Hooks;

namespace Palisade.Admission.Validity.Sparkplug;

/// <summary>
/// A parsed Sparkplug B topic: <c>spBv1.0/{group_id}/{message_type}/{edge_node_id}[/{device_id}]</c>, or
/// <c>spBv1.0/STATE/{host_id}</c> (spec 3.0.0, 4.1). Node messages (N*) have no device level, device messages (D*)
/// have exactly one; nothing follows.
/// </summary>
internal readonly record struct SparkplugTopic(SparkplugMessageType Type, string GroupId, string EdgeNodeId, string? DeviceId)
{
    public const string Namespace = "spBv1.0";

    public const string NamespacePrefix = "spBv1.0/";

    /// <summary>True when <paramref name="topic"/> is in the Sparkplug B namespace (whether or not well-formed).</summary>
    public static bool IsSparkplug(string topic) => topic.StartsWith(NamespacePrefix, StringComparison.Ordinal);

    public static bool TryParse(string topic, out SparkplugTopic parsed)
    {
        parsed = default;
        if (!IsSparkplug(topic))
        {
            return false;
        }

        var levels = topic.Split('/');
        if (levels.Length == 3 && levels[1] == "STATE")
        {
            if (levels[2].Length == 0)
            {
                return false;
            }

            parsed = new SparkplugTopic(SparkplugMessageType.State, "", levels[2], null);
            return true;
        }

        if (levels.Length is < 4 or > 5 || levels[1].Length == 0 || levels[3].Length == 0 || !TryParseType(levels[2], out var type))
        {
            return false;
        }

        var isDeviceMessage = IsDeviceMessage(type);
        if (isDeviceMessage != (levels.Length == 5) || (isDeviceMessage && levels[4].Length == 0))
        {
            return false;
        }

        parsed = new SparkplugTopic(type, levels[1], levels[3], isDeviceMessage ? levels[4] : null);
        return true;
    }

    public static bool TryParseType(ReadOnlySpan<char> level, out SparkplugMessageType type)
    {
        switch (level)
        {
            case "NBIRTH": type = SparkplugMessageType.NBirth; return true;
            case "NDEATH": type = SparkplugMessageType.NDeath; return true;
            case "NDATA": type = SparkplugMessageType.NData; return true;
            case "NCMD": type = SparkplugMessageType.NCmd; return true;
            case "DBIRTH": type = SparkplugMessageType.DBirth; return true;
            case "DDEATH": type = SparkplugMessageType.DDeath; return true;
            case "DDATA": type = SparkplugMessageType.DData; return true;
            case "DCMD": type = SparkplugMessageType.DCmd; return true;
            default: type = default; return false;
        }
    }

    /// <summary>The message_type level as written in a topic ("NBIRTH", ..., "STATE").</summary>
    public static string TypeName(SparkplugMessageType type) => type switch
    {
        SparkplugMessageType.NBirth => "NBIRTH",
        SparkplugMessageType.NDeath => "NDEATH",
        SparkplugMessageType.NData => "NDATA",
        SparkplugMessageType.NCmd => "NCMD",
        SparkplugMessageType.DBirth => "DBIRTH",
        SparkplugMessageType.DDeath => "DDEATH",
        SparkplugMessageType.DData => "DDATA",
        SparkplugMessageType.DCmd => "DCMD",
        _ => "STATE",
    };

    /// <summary>
    /// The traffic class of a Sparkplug message type (docs/admission.md, "Traffic classes"): commands are Control;
    /// births, deaths and STATE are Event (each one changes what a host knows); data is Bulk.
    /// </summary>
    public static TrafficClass TrafficClassOf(SparkplugMessageType type) => type switch
    {
        SparkplugMessageType.NCmd or SparkplugMessageType.DCmd => TrafficClass.Control,
        SparkplugMessageType.NData or SparkplugMessageType.DData => TrafficClass.Bulk,
        _ => TrafficClass.Event,
    };

    public static bool IsDeviceMessage(SparkplugMessageType type) =>
        type is SparkplugMessageType.DBirth or SparkplugMessageType.DDeath or SparkplugMessageType.DData or SparkplugMessageType.DCmd;
}
