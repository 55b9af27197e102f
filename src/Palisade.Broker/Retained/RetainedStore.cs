namespace Palisade.Broker.Retained;

/// <summary>
/// The last retained message of each topic, held in a trie of topic levels so that a subscription's filter
/// finds its retained messages without scanning every stored topic. Bounded by a maximum count; guarded by one
/// lock (retained publishes and subscribes are much rarer than routing).
/// </summary>
internal sealed class RetainedStore(int maximumMessages)
{
    private readonly Lock _lock = new();
    private readonly Node _root = new(null, "");
    private int _count;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Outcome of <see cref="Set"/>.</summary>
    public enum SetResult
    {
        Stored,
        Replaced,
        Deleted,
        NothingToDelete,
        Full,
    }

    /// <summary>Stores, replaces, or (with an empty payload) deletes the retained message of its topic.</summary>
    public SetResult Set(RetainedMessage message)
    {
        var topic = message.Packet.Topic;
        lock (_lock)
        {
            if (message.Packet.Payload.IsEmpty)
            {
                var existing = Find(topic);
                if (existing?.Message is null)
                {
                    return SetResult.NothingToDelete;
                }

                existing.Message = null;
                _count--;
                Prune(existing);
                return SetResult.Deleted;
            }

            var node = _root;
            foreach (var level in topic.Split('/'))
            {
                node = node.GetOrAdd(level);
            }

            if (node.Message is not null)
            {
                node.Message = message;
                return SetResult.Replaced;
            }

            if (_count >= maximumMessages)
            {
                Prune(node);
                return SetResult.Full;
            }

            node.Message = message;
            _count++;
            return SetResult.Stored;
        }
    }

    /// <summary>The retained message of exactly <paramref name="topic"/>, if any (and not expired).</summary>
    public RetainedMessage? Get(string topic, long now)
    {
        lock (_lock)
        {
            var message = Find(topic)?.Message;
            return message is not null && message.ExpiresAt > now ? message : null;
        }
    }

    /// <summary>
    /// Adds to <paramref name="results"/> every retained message whose topic matches <paramref name="filter"/> (a valid,
    /// non-shared filter), skipping and removing expired ones.
    /// </summary>
    public void Collect(string filter, long now, List<RetainedMessage> results)
    {
        var levels = filter.Split('/');
        lock (_lock)
        {
            Collect(_root, levels, 0, now, results);
        }
    }

    private void Collect(Node node, string[] levels, int index, long now, List<RetainedMessage> results)
    {
        if (index == levels.Length)
        {
            Take(node, now, results);
            return;
        }

        var level = levels[index];
        var atRoot = index == 0;
        if (level == "#")
        {
            // "a/#" also matches "a" itself.
            if (!atRoot)
            {
                Take(node, now, results);
            }

            CollectAll(node, atRoot, now, results);
            return;
        }

        if (level == "+")
        {
            foreach (var child in node.Children.Values.ToArray())
            {
                if (atRoot && child.Level.StartsWith('$'))
                {
                    continue;
                }

                Collect(child, levels, index + 1, now, results);
            }

            return;
        }

        if (node.Children.TryGetValue(level, out var exact))
        {
            Collect(exact, levels, index + 1, now, results);
        }
    }

    private void CollectAll(Node node, bool atRoot, long now, List<RetainedMessage> results)
    {
        foreach (var child in node.Children.Values.ToArray())
        {
            if (atRoot && child.Level.StartsWith('$'))
            {
                continue;
            }

            Take(child, now, results);
            CollectAll(child, false, now, results);
        }
    }

    private void Take(Node node, long now, List<RetainedMessage> results)
    {
        if (node.Message is not { } message)
        {
            return;
        }

        if (message.ExpiresAt <= now)
        {
            node.Message = null;
            _count--;
            Prune(node);
            return;
        }

        results.Add(message);
    }

    private Node? Find(string topic)
    {
        var node = _root;
        foreach (var level in topic.Split('/'))
        {
            if (!node.Children.TryGetValue(level, out var next))
            {
                return null;
            }

            node = next;
        }

        return node;
    }

    private static void Prune(Node node)
    {
        while (node.Parent is { } parent && node.Message is null && node.Children.Count == 0)
        {
            parent.Children.Remove(node.Level);
            node = parent;
        }
    }

    private sealed class Node(Node? parent, string level)
    {
        public Node? Parent { get; } = parent;
        public string Level { get; } = level;
        public Dictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);
        public RetainedMessage? Message { get; set; }

        public Node GetOrAdd(string level)
        {
            if (!Children.TryGetValue(level, out var child))
            {
                child = new Node(this, level);
                Children[level] = child;
            }

            return child;
        }
    }
}
