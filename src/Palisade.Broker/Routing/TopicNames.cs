namespace Palisade.Broker.Routing;

/// <summary>
/// Validation and matching rules for topic names and topic filters (MQTT 3.1.1 section 4.7, 5.0 section 4.7),
/// and the parsing of shared subscriptions (<c>$share/{ShareName}/{filter}</c>, 5.0 section 4.8.2).
/// </summary>
internal static class TopicNames
{
    private const string SharePrefix = "$share/";

    /// <summary>A topic name a client may publish to: non-empty, no wildcards, no NUL.</summary>
    public static bool IsValidTopicName(ReadOnlySpan<char> topic) =>
        topic.Length > 0 && topic.IndexOfAny('+', '#', '\0') < 0;

    /// <summary>
    /// A topic filter: non-empty; '+' only as a whole level; '#' only as the whole last level; no NUL.
    /// Shared-subscription syntax is not accepted here (see <see cref="TryParseShared"/>).
    /// </summary>
    public static bool IsValidFilter(ReadOnlySpan<char> filter)
    {
        if (filter.Length == 0 || filter.Contains('\0'))
        {
            return false;
        }

        for (var i = 0; i < filter.Length; i++)
        {
            var c = filter[i];
            if (c == '+')
            {
                if ((i > 0 && filter[i - 1] != '/') || (i + 1 < filter.Length && filter[i + 1] != '/'))
                {
                    return false;
                }
            }
            else if (c == '#')
            {
                if (i != filter.Length - 1 || (i > 0 && filter[i - 1] != '/'))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Whether the filter contains a wildcard.</summary>
    public static bool HasWildcard(ReadOnlySpan<char> filter) => filter.IndexOfAny('+', '#') >= 0;

    /// <summary>Whether <paramref name="filter"/> starts with the shared-subscription prefix.</summary>
    public static bool IsShared(string filter) => filter.StartsWith(SharePrefix, StringComparison.Ordinal);

    /// <summary>
    /// Splits <c>$share/{group}/{filter}</c>. Returns false when the syntax is invalid (empty group, group with
    /// wildcards, missing or invalid filter).
    /// </summary>
    public static bool TryParseShared(string sharedFilter, out string group, out string filter)
    {
        group = "";
        filter = "";
        if (!IsShared(sharedFilter))
        {
            return false;
        }

        var rest = sharedFilter.AsSpan(SharePrefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var groupSpan = rest[..slash];
        if (groupSpan.IndexOfAny('+', '#') >= 0)
        {
            return false;
        }

        var filterSpan = rest[(slash + 1)..];
        if (!IsValidFilter(filterSpan))
        {
            return false;
        }

        group = groupSpan.ToString();
        filter = filterSpan.ToString();
        return true;
    }

    /// <summary>
    /// Whether <paramref name="topic"/> matches <paramref name="filter"/>, including the rule that a topic starting
    /// with '$' is not matched by a filter starting with a wildcard. Used for retained-message tests and
    /// single-filter checks; routing uses the trie.
    /// </summary>
    public static bool Matches(ReadOnlySpan<char> filter, ReadOnlySpan<char> topic)
    {
        if (topic.Length > 0 && topic[0] == '$' && filter.Length > 0 && (filter[0] == '+' || filter[0] == '#'))
        {
            return false;
        }

        while (true)
        {
            var fSlash = filter.IndexOf('/');
            var fLevel = fSlash < 0 ? filter : filter[..fSlash];
            if (fLevel.Length == 1 && fLevel[0] == '#')
            {
                return true;
            }

            var tSlash = topic.IndexOf('/');
            var tLevel = tSlash < 0 ? topic : topic[..tSlash];
            if (!(fLevel.Length == 1 && fLevel[0] == '+') && !fLevel.SequenceEqual(tLevel))
            {
                return false;
            }

            if (fSlash < 0 || tSlash < 0)
            {
                if (fSlash < 0 && tSlash < 0)
                {
                    return true;
                }

                // "a/#" matches "a": the filter has exactly "/#" left and the topic is exhausted.
                return tSlash < 0 && filter[(fSlash + 1)..] is ['#'];
            }

            filter = filter[(fSlash + 1)..];
            topic = topic[(tSlash + 1)..];
        }
    }
}
