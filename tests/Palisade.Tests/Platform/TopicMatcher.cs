namespace Palisade.Tests.Platform;

/// <summary>
/// MQTT topic matching written from the specification (4.7), independent of the code under test: '#' matches the
/// rest including the parent level, '+' exactly one level, wildcards in the first level do not match '$' topics,
/// and a shared subscription "$share/{group}/{filter}" matches what its filter matches.
/// </summary>
internal static class TopicMatcher
{
    public static bool Matches(string filter, string topic)
    {
        if (filter.StartsWith("$share/", StringComparison.Ordinal))
        {
            var rest = filter["$share/".Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                return false;
            }

            filter = rest[(slash + 1)..];
        }

        var f = filter.Split('/');
        var t = topic.Split('/');
        if (topic.StartsWith('$') && (f[0] == "+" || f[0] == "#"))
        {
            return false;
        }

        for (var i = 0; i < f.Length; i++)
        {
            if (f[i] == "#")
            {
                return true;
            }

            if (i >= t.Length)
            {
                return false;
            }

            if (f[i] != "+" && f[i] != t[i])
            {
                return false;
            }
        }

        return f.Length == t.Length;
    }
}
