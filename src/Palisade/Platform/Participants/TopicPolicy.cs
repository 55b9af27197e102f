using Palisade.Edge.Identity;
using Palisade.Mqtt;
using Palisade.Platform.Applications;

namespace Palisade.Platform.Participants;

/// <summary>
/// Topic authorisation, deny by default (8.2.4 f, 8.2.6.1 a/b; threat 6.2 h). A device publishes only to its own
/// telemetry, events and state topics and subscribes only to its own commands. An application publishes and
/// subscribes only as its explicit grants allow, inside its own participant.
/// A subscription filter is allowed only if EVERY topic it can match is allowed; for that the first three levels must
/// be the literals "p", the principal's own participant and "d": a wildcard there ('#', '+/...') could reach another
/// participant and is refused. '$'-topics are refused, except shared subscriptions "$share/{group}/{filter}", whose
/// inner filter is judged by the same rule.
/// Refusals: NotAuthorized (0x87) for policy, TopicFilterInvalid (0x8F) / TopicNameInvalid (0x90) for malformed input.
/// Topics and filters under "spBv1.0/" (Sparkplug B) are judged by <see cref="SparkplugTopicPolicy"/>, with the same
/// principles: group = participant, edge node = device, application grants as under p/.
/// </summary>
internal static class TopicPolicy
{
    private const string SharePrefix = "$share/";

    /// <summary>May <paramref name="principal"/> PUBLISH to <paramref name="topic"/>? Allocation-free on the allowed path.</summary>
    public static TopicDecision AuthorizePublish(AuthenticatedPrincipal principal, string topic)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(topic);
        if (topic.Length == 0 || topic.AsSpan().IndexOfAny('+', '#') >= 0 || topic.Contains('\0', StringComparison.Ordinal))
        {
            return TopicDecision.Invalid(ReasonCode.TopicNameInvalid, "topic name is empty or contains a wildcard");
        }

        if (SparkplugTopicPolicy.IsSparkplug(topic))
        {
            return SparkplugTopicPolicy.AuthorizePublish(principal, topic);
        }

        if (!TryParseDeviceTopic(topic, principal.ParticipantId, out var device, out var topicClass))
        {
            return TopicDecision.NotAuthorized("topic outside your participant's namespace p/{participant}/d/{device}/{class}");
        }

        if (principal.Kind == PrincipalKind.Device)
        {
            if (!device.SequenceEqual(principal.Id))
            {
                return TopicDecision.NotAuthorized("a device publishes only under its own topics");
            }

            return topicClass.SequenceEqual(TopicNamespace.Commands) || !TopicNamespace.IsClass(topicClass)
                ? TopicDecision.NotAuthorized("a device publishes only to telemetry, events and state")
                : TopicDecision.Allow;
        }

        if (!topicClass.SequenceEqual(TopicNamespace.Commands))
        {
            return TopicDecision.NotAuthorized("an application publishes only commands");
        }

        foreach (var grant in principal.Grants)
        {
            if (grant.Right == ApplicationRight.PublishCommands && (grant.CoversAllDevices || device.SequenceEqual(grant.DeviceScope)))
            {
                return TopicDecision.Allow;
            }
        }

        return TopicDecision.NotAuthorized("no publish:commands grant for this device");
    }

    /// <summary>May <paramref name="principal"/> SUBSCRIBE with <paramref name="filter"/> (shared subscriptions included)?</summary>
    public static TopicDecision AuthorizeSubscribe(AuthenticatedPrincipal principal, string filter)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(filter);
        if (!IsValidFilter(filter))
        {
            return TopicDecision.Invalid(ReasonCode.TopicFilterInvalid, "malformed topic filter");
        }

        var inner = filter;
        if (filter.StartsWith(SharePrefix, StringComparison.Ordinal))
        {
            var rest = filter.AsSpan(SharePrefix.Length);
            var slash = rest.IndexOf('/');
            if (slash <= 0 || slash == rest.Length - 1 || rest[..slash].IndexOfAny('+', '#') >= 0)
            {
                return TopicDecision.Invalid(ReasonCode.TopicFilterInvalid, "shared subscription must be $share/{group}/{filter}");
            }

            inner = filter[(SharePrefix.Length + slash + 1)..];
        }

        if (SparkplugTopicPolicy.IsSparkplug(inner))
        {
            return SparkplugTopicPolicy.AuthorizeSubscribe(principal, inner);
        }

        if (inner.StartsWith('$'))
        {
            return TopicDecision.NotAuthorized("'$' topics are not available to participants");
        }

        var levels = inner.Split('/');
        if (levels.Length < 2 || levels[0] != "p" || levels[1] != principal.ParticipantId)
        {
            return TopicDecision.NotAuthorized("filter must start with p/{your participant}/ (no wildcard before it)");
        }

        if (levels.Length < 3 || levels[2] is not ("d" or "#"))
        {
            return TopicDecision.NotAuthorized("filter outside the namespace p/{participant}/d/{device}/{class}");
        }

        // What the filter reaches: a device (null = every device) and a class (null = every class).
        string? device;
        string? topicClass;
        if (levels[2] == "#")
        {
            device = null;
            topicClass = null;
        }
        else if (levels.Length < 4)
        {
            return TopicDecision.NotAuthorized("filter outside the namespace p/{participant}/d/{device}/{class}");
        }
        else if (levels[3] == "#")
        {
            device = null;
            topicClass = null;
        }
        else
        {
            device = levels[3] == "+" ? null : levels[3];
            if (levels.Length < 5)
            {
                return TopicDecision.NotAuthorized("filter outside the namespace p/{participant}/d/{device}/{class}");
            }

            topicClass = levels[4] is "+" or "#" ? null : levels[4];
            if (topicClass is not null && !TopicNamespace.IsClass(topicClass))
            {
                return TopicDecision.NotAuthorized($"'{topicClass}' is not a topic class (telemetry, events, state, commands)");
            }
        }

        if (principal.Kind == PrincipalKind.Device)
        {
            return device == principal.Id && topicClass == TopicNamespace.Commands
                ? TopicDecision.Allow
                : TopicDecision.NotAuthorized("a device subscribes only to its own commands");
        }

        foreach (var cls in topicClass is null ? TopicNamespace.Classes : [topicClass])
        {
            if (!HasSubscribeGrant(principal.Grants, cls, device))
            {
                return TopicDecision.NotAuthorized($"no subscribe:{cls} grant for {(device is null ? "all devices" : "device " + device)}");
            }
        }

        return TopicDecision.Allow;
    }

    /// <summary>Defence in depth at delivery: a message goes only to subscribers of the participant whose namespace it is in.</summary>
    public static bool MayDeliver(string subscriberParticipantId, string topic) =>
        SparkplugTopicPolicy.IsSparkplug(topic)
            ? SparkplugTopicPolicy.MayDeliver(subscriberParticipantId, topic)
            : topic.Length > subscriberParticipantId.Length + 3
                && topic.StartsWith("p/", StringComparison.Ordinal)
                && topic.AsSpan(2).StartsWith(subscriberParticipantId, StringComparison.Ordinal)
                && topic[2 + subscriberParticipantId.Length] == '/';

    /// <summary>Syntax of an MQTT topic filter: '#' alone and last, '+' alone in its level, no NUL, not empty.</summary>
    public static bool IsValidFilter(string filter)
    {
        if (filter.Length == 0 || filter.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        var levels = filter.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level.Contains('#', StringComparison.Ordinal) && (level != "#" || i != levels.Length - 1))
            {
                return false;
            }

            if (level.Contains('+', StringComparison.Ordinal) && level != "+")
            {
                return false;
            }
        }

        return true;
    }

    internal static bool HasSubscribeGrant(IReadOnlyList<ApplicationGrant> grants, string topicClass, string? device)
    {
        var right = topicClass switch
        {
            TopicNamespace.Telemetry => ApplicationRight.SubscribeTelemetry,
            TopicNamespace.Events => ApplicationRight.SubscribeEvents,
            TopicNamespace.State => ApplicationRight.SubscribeState,
            _ => ApplicationRight.SubscribeCommands,
        };
        foreach (var grant in grants)
        {
            if (grant.Right == right && (grant.CoversAllDevices || (device is not null && grant.DeviceScope == device)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Splits p/{participant}/d/{device}/{class}[/...] when the participant is <paramref name="participantId"/>.</summary>
    private static bool TryParseDeviceTopic(string topic, string participantId, out ReadOnlySpan<char> device, out ReadOnlySpan<char> topicClass)
    {
        device = default;
        topicClass = default;
        var span = topic.AsSpan();
        if (!span.StartsWith("p/") || !span[2..].StartsWith(participantId, StringComparison.Ordinal))
        {
            return false;
        }

        span = span[(2 + participantId.Length)..];
        if (!span.StartsWith("/d/"))
        {
            return false;
        }

        span = span[3..];
        var slash = span.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        device = span[..slash];
        span = span[(slash + 1)..];
        slash = span.IndexOf('/');
        topicClass = slash < 0 ? span : span[..slash];
        return topicClass.Length > 0;
    }
}
