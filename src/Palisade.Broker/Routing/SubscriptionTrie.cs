using Palisade.Broker.Sessions;

namespace Palisade.Broker.Routing;

/// <summary>
/// All subscriptions of the broker, indexed by topic level. Routing a message walks only the nodes its topic can
/// reach (the exact level, '+' and '#' at each level), so its cost does not depend on how many sessions have
/// subscribed to other topics. Writes are serialised by one lock; reads are lock-free.
/// </summary>
internal sealed class SubscriptionTrie
{
    private readonly Lock _writeLock = new();
    private readonly TrieNode _root = new(null, "");
    private int _count;

    /// <summary>Subscriptions (shared members included) held.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Adds or replaces a session's subscription to <see cref="SubscriptionEntry.Filter"/> (in its share group, if any).
    /// Returns true when the subscription did not exist before.</summary>
    public bool Add(SubscriptionEntry entry)
    {
        lock (_writeLock)
        {
            var node = _root;
            foreach (var level in entry.Filter.Split('/'))
            {
                node = node.GetOrAddChild(level);
            }

            var isNew = node.Set(entry);
            if (isNew)
            {
                _count++;
            }

            return isNew;
        }
    }

    /// <summary>Removes a session's subscription; prunes nodes left empty. Returns whether it existed.</summary>
    public bool Remove(Session session, string filter, string? shareGroup)
    {
        lock (_writeLock)
        {
            var node = _root;
            foreach (var level in filter.Split('/'))
            {
                var next = level switch
                {
                    "+" => node.Plus,
                    "#" => node.Hash,
                    _ => node.FindChild(level),
                };
                if (next is null)
                {
                    return false;
                }

                node = next;
            }

            if (!node.Remove(session, shareGroup))
            {
                return false;
            }

            _count--;
            while (node.Parent is { } parent && node.IsEmpty)
            {
                parent.RemoveChild(node);
                node = parent;
            }

            return true;
        }
    }

    /// <summary>
    /// Collects the subscriptions matching <paramref name="topic"/>: every matching non-shared entry into
    /// <paramref name="matches"/>, and for each matching shared group the one member chosen to receive it into
    /// <paramref name="sharedMatches"/>. Returns the number of trie nodes visited (a test seam for the routing cost).
    /// </summary>
    public int Match(string topic, List<SubscriptionEntry> matches, List<SubscriptionEntry> sharedMatches)
    {
        var visited = 0;
        // A topic starting with '$' is not matched by a filter whose first level is a wildcard (MQTT-4.7.2-1).
        Walk(_root, topic, rootDollar: topic.StartsWith('$'), matches, sharedMatches, ref visited);
        return visited;
    }

    private void Walk(
        TrieNode node,
        ReadOnlySpan<char> remaining,
        bool rootDollar,
        List<SubscriptionEntry> matches,
        List<SubscriptionEntry> sharedMatches,
        ref int visited)
    {
        while (true)
        {
            visited++;
            var slash = remaining.IndexOf('/');
            var level = slash < 0 ? remaining : remaining[..slash];
            var rest = slash < 0 ? default : remaining[(slash + 1)..];
            var restIsLast = slash < 0;

            if (!rootDollar)
            {
                if (node.Hash is { } hash)
                {
                    visited++;
                    Collect(hash, matches, sharedMatches);
                }

                if (node.Plus is { } plus)
                {
                    if (restIsLast)
                    {
                        ArriveAt(plus, matches, sharedMatches, ref visited);
                    }
                    else
                    {
                        Walk(plus, rest, false, matches, sharedMatches, ref visited);
                    }
                }
            }

            rootDollar = false;
            var child = node.FindChild(level);
            if (child is null)
            {
                return;
            }

            if (restIsLast)
            {
                ArriveAt(child, matches, sharedMatches, ref visited);
                return;
            }

            node = child;
            remaining = rest;
        }
    }

    /// <summary>The node of the topic's last level: its own subscribers, and "a/#" matching "a".</summary>
    private void ArriveAt(TrieNode node, List<SubscriptionEntry> matches, List<SubscriptionEntry> sharedMatches, ref int visited)
    {
        visited++;
        Collect(node, matches, sharedMatches);
        if (node.Hash is { } hash)
        {
            visited++;
            Collect(hash, matches, sharedMatches);
        }
    }

    private void Collect(TrieNode node, List<SubscriptionEntry> matches, List<SubscriptionEntry> sharedMatches)
    {
        var subscribers = node.GetSubscribers(_writeLock);
        if (subscribers.Length > 0)
        {
            matches.AddRange(subscribers);
        }

        foreach (var group in node.Groups)
        {
            if (group.Pick() is { } member)
            {
                sharedMatches.Add(member);
            }
        }
    }
}
