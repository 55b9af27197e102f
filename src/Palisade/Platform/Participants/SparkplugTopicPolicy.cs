using Palisade.Admission.Validity.Sparkplug;
using Palisade.Edge.Identity;
using Palisade.Platform.Applications;

namespace Palisade.Platform.Participants;

/// <summary>
/// Topic authorisation of the Sparkplug B namespace (spec 3.0.0, 4.1), deny by default like <see cref="TopicPolicy"/>:
/// <c>spBv1.0/{group_id}/{message_type}/{edge_node_id}[/{device_id}]</c> with group_id = the participant id and
/// edge_node_id = the device id (the Sparkplug "device_id" level is a sub-device behind that edge node, not a
/// Palisade device), and <c>spBv1.0/STATE/{participant}:{application}</c> for host applications.
/// <list type="bullet">
/// <item>A device (edge node) publishes NBIRTH, NDEATH, NDATA on <c>spBv1.0/{p}/{type}/{itself}</c> and DBIRTH,
/// DDEATH, DDATA on <c>spBv1.0/{p}/{type}/{itself}/{sub-device}</c>; it subscribes only to
/// <c>spBv1.0/{p}/NCMD/{itself}</c> and <c>spBv1.0/{p}/DCMD/{itself}/{sub-device or +}</c> (no '#'), and to the
/// exact STATE topic of a host of its participant (an edge node must watch its primary host, spec 5.x).</item>
/// <item>An application with <c>publish:commands</c> for a device publishes NCMD/DCMD to it. It subscribes inside
/// <c>spBv1.0/{p}/</c> as its grants allow, message types mapped to the grant classes: NDATA, DDATA → telemetry;
/// NBIRTH, NDEATH, DBIRTH, DDEATH → state (the lifecycle and metric definitions of the device); NCMD, DCMD →
/// commands. A wildcard at the type level needs all three, as '+' at the class level does under p/.</item>
/// <item>STATE has no group level, so it is made tenant-safe by its host id: <c>{participant}:{application}</c>
/// (ids cannot contain ':', so the prefix is unambiguous). An application publishes only its own STATE; devices and
/// applications subscribe only to exact STATE topics of their participant.</item>
/// <item>"STATE" is reserved as a group id by the specification; a participant so named gets no Sparkplug namespace
/// (its <c>spBv1.0/STATE/#</c> would reach every participant's STATE).</item>
/// </list>
/// </summary>
internal static class SparkplugTopicPolicy
{
    public const string Namespace = "spBv1.0";
    public const string Prefix = "spBv1.0/";
    public const string StateLevel = "STATE";
    public const char HostIdSeparator = ':';

    private static readonly string[] AllClasses = [TopicNamespace.Telemetry, TopicNamespace.State, TopicNamespace.Commands];

    /// <summary>True for a topic or filter in the Sparkplug B namespace.</summary>
    public static bool IsSparkplug(string topicOrFilter) => topicOrFilter.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The STATE host id of an application: {participant}:{application}.</summary>
    public static string HostId(string participantId, string applicationId) => participantId + HostIdSeparator + applicationId;

    /// <summary>May <paramref name="principal"/> publish to the Sparkplug <paramref name="topic"/> (no wildcards, checked by the caller)?</summary>
    public static TopicDecision AuthorizePublish(AuthenticatedPrincipal principal, string topic)
    {
        Span<Range> ranges = stackalloc Range[7];
        var span = topic.AsSpan();
        var count = span.Split(ranges, '/');
        if (count == 3 && span[ranges[1]].SequenceEqual(StateLevel))
        {
            return principal.Kind == PrincipalKind.Application && IsHostIdOf(span[ranges[2]], principal.ParticipantId, principal.Id)
                ? TopicDecision.Allow
                : TopicDecision.NotAuthorized("only an application publishes STATE, on spBv1.0/STATE/{participant}:{itself}");
        }

        if (count < 4 || !span[ranges[1]].SequenceEqual(principal.ParticipantId) || principal.ParticipantId == StateLevel)
        {
            return TopicDecision.NotAuthorized("topic outside your participant's namespace spBv1.0/{participant}/{type}/{device}");
        }

        if (!SparkplugTopic.TryParseType(span[ranges[2]], out var type))
        {
            return TopicDecision.NotAuthorized("not a Sparkplug B message type");
        }

        var edge = span[ranges[3]];
        var isDeviceMessage = SparkplugTopic.IsDeviceMessage(type);
        if (edge.Length == 0 || count != (isDeviceMessage ? 5 : 4) || (isDeviceMessage && span[ranges[4]].Length == 0))
        {
            return TopicDecision.NotAuthorized("Sparkplug topic must be spBv1.0/{participant}/{N-type}/{device} or spBv1.0/{participant}/{D-type}/{device}/{sub-device}");
        }

        if (principal.Kind == PrincipalKind.Device)
        {
            if (!edge.SequenceEqual(principal.Id))
            {
                return TopicDecision.NotAuthorized("a device publishes only under its own topics");
            }

            return type is SparkplugMessageType.NCmd or SparkplugMessageType.DCmd
                ? TopicDecision.NotAuthorized("a device publishes only births, deaths and data")
                : TopicDecision.Allow;
        }

        if (type is not (SparkplugMessageType.NCmd or SparkplugMessageType.DCmd))
        {
            return TopicDecision.NotAuthorized("an application publishes only commands (NCMD, DCMD)");
        }

        foreach (var grant in principal.Grants)
        {
            if (grant.Right == ApplicationRight.PublishCommands && (grant.CoversAllDevices || edge.SequenceEqual(grant.DeviceScope)))
            {
                return TopicDecision.Allow;
            }
        }

        return TopicDecision.NotAuthorized("no publish:commands grant for this device");
    }

    /// <summary>May <paramref name="principal"/> subscribe with the Sparkplug filter <paramref name="filter"/> (shared prefix already removed, syntax valid)?</summary>
    public static TopicDecision AuthorizeSubscribe(AuthenticatedPrincipal principal, string filter)
    {
        var levels = filter.Split('/');
        if (levels.Length == 3 && levels[1] == StateLevel)
        {
            return levels[2] is not ("+" or "#") && IsHostOfParticipant(levels[2], principal.ParticipantId)
                ? TopicDecision.Allow
                : TopicDecision.NotAuthorized("STATE is subscribed only exactly, spBv1.0/STATE/{your participant}:{host}");
        }

        if (levels.Length < 3 || levels[1] != principal.ParticipantId || principal.ParticipantId == StateLevel)
        {
            return TopicDecision.NotAuthorized("filter must start with spBv1.0/{your participant}/ (no wildcard before it)");
        }

        if (principal.Kind == PrincipalKind.Device)
        {
            var ownNodeCommands = levels.Length == 4 && levels[2] == "NCMD" && levels[3] == principal.Id;
            var ownDeviceCommands = levels.Length == 5 && levels[2] == "DCMD" && levels[3] == principal.Id && levels[4] != "#";
            return ownNodeCommands || ownDeviceCommands
                ? TopicDecision.Allow
                : TopicDecision.NotAuthorized("a device subscribes only to its own NCMD and DCMD");
        }

        // What the filter reaches: the message types (as grant classes) and a device (null = every device).
        string[] classes;
        string? device;
        if (levels[2] == "#")
        {
            classes = AllClasses;
            device = null;
        }
        else
        {
            if (levels[2] == "+")
            {
                classes = AllClasses;
            }
            else if (SparkplugTopic.TryParseType(levels[2], out var type))
            {
                classes = [ClassOf(type)];
            }
            else
            {
                return TopicDecision.NotAuthorized($"'{levels[2]}' is not a Sparkplug B message type");
            }

            if (levels.Length < 4)
            {
                return TopicDecision.NotAuthorized("filter outside the namespace spBv1.0/{participant}/{type}/{device}");
            }

            device = levels[3] is "+" or "#" ? null : levels[3];
        }

        foreach (var cls in classes)
        {
            if (!TopicPolicy.HasSubscribeGrant(principal.Grants, cls, device))
            {
                return TopicDecision.NotAuthorized($"no subscribe:{cls} grant for {(device is null ? "all devices" : "device " + device)}");
            }
        }

        return TopicDecision.Allow;
    }

    /// <summary>Delivery filter: a Sparkplug message goes only to subscribers of the participant whose group (or STATE host id) it is.</summary>
    public static bool MayDeliver(string subscriberParticipantId, string topic)
    {
        var rest = topic.AsSpan(Prefix.Length);
        if (subscriberParticipantId == StateLevel)
        {
            return false;
        }

        if (rest.StartsWith(StateLevel + "/", StringComparison.Ordinal))
        {
            var host = rest[(StateLevel.Length + 1)..];
            return host.IndexOf('/') < 0 && IsHostOfParticipant(host, subscriberParticipantId);
        }

        return rest.Length > subscriberParticipantId.Length
            && rest.StartsWith(subscriberParticipantId, StringComparison.Ordinal)
            && rest[subscriberParticipantId.Length] == '/';
    }

    private static bool IsHostOfParticipant(ReadOnlySpan<char> hostId, string participantId) =>
        hostId.Length > participantId.Length + 1
        && hostId.StartsWith(participantId, StringComparison.Ordinal)
        && hostId[participantId.Length] == HostIdSeparator;

    private static bool IsHostIdOf(ReadOnlySpan<char> hostId, string participantId, string applicationId) =>
        IsHostOfParticipant(hostId, participantId) && hostId[(participantId.Length + 1)..].SequenceEqual(applicationId);

    private static string ClassOf(SparkplugMessageType type) => type switch
    {
        SparkplugMessageType.NData or SparkplugMessageType.DData => TopicNamespace.Telemetry,
        SparkplugMessageType.NCmd or SparkplugMessageType.DCmd => TopicNamespace.Commands,
        _ => TopicNamespace.State,
    };
}
