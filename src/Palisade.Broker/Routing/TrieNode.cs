using System.Collections.Concurrent;
using Palisade.Broker.Sessions;

namespace Palisade.Broker.Routing;

/// <summary>
/// One topic level of the subscription trie. Writers (subscribe/unsubscribe) hold the trie's lock; readers
/// (routing, on every publish) take no lock: they read volatile snapshots that writers replace.
/// </summary>
internal sealed class TrieNode(TrieNode? parent, string level)
{
    // A node has few named children in the common case (devices/{id}/cmd has one); a small array costs far less
    // memory than a dictionary per node. Past SmallLimit, a ConcurrentDictionary gives O(1) lookups with
    // lock-free reads.
    private const int SmallLimit = 4;

    private volatile TrieNode[] _small = [];
    private volatile ConcurrentDictionary<string, TrieNode>? _map;

    private Dictionary<Session, SubscriptionEntry>? _subscribers;
    private volatile SubscriptionEntry[]? _snapshot = [];
    private volatile SharedGroup[] _groups = [];

    public TrieNode? Parent { get; } = parent;
    public string Level { get; } = level;

    /// <summary>The '+' child.</summary>
    public volatile TrieNode? Plus;

    /// <summary>The '#' child.</summary>
    public volatile TrieNode? Hash;

    public bool IsEmpty =>
        (_subscribers is null || _subscribers.Count == 0) && _groups.Length == 0 && Plus is null && Hash is null
        && _small.Length == 0 && (_map is null || _map.IsEmpty);

    public TrieNode? FindChild(ReadOnlySpan<char> level)
    {
        var map = _map;
        if (map is not null)
        {
            return map.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(level, out var found) ? found : null;
        }

        foreach (var child in _small)
        {
            if (level.SequenceEqual(child.Level))
            {
                return child;
            }
        }

        return null;
    }

    /// <summary>Named children, for walking the whole subtree (tests, diagnostics).</summary>
    public IEnumerable<TrieNode> NamedChildren => _map is { } map ? map.Values : _small;

    /// <summary>Caller holds the write lock.</summary>
    public TrieNode GetOrAddChild(string level)
    {
        if (level == "+")
        {
            return Plus ??= new TrieNode(this, level);
        }

        if (level == "#")
        {
            return Hash ??= new TrieNode(this, level);
        }

        var existing = FindChild(level);
        if (existing is not null)
        {
            return existing;
        }

        var node = new TrieNode(this, level);
        var map = _map;
        if (map is not null)
        {
            map[level] = node;
        }
        else if (_small.Length < SmallLimit)
        {
            _small = [.. _small, node];
        }
        else
        {
            var created = new ConcurrentDictionary<string, TrieNode>(concurrencyLevel: 1, capacity: SmallLimit * 2, StringComparer.Ordinal);
            foreach (var child in _small)
            {
                created[child.Level] = child;
            }

            created[level] = node;
            _map = created;
            _small = [];
        }

        return node;
    }

    /// <summary>Caller holds the write lock.</summary>
    public void RemoveChild(TrieNode child)
    {
        if (ReferenceEquals(Plus, child))
        {
            Plus = null;
        }
        else if (ReferenceEquals(Hash, child))
        {
            Hash = null;
        }
        else if (_map is { } map)
        {
            map.TryRemove(child.Level, out _);
        }
        else
        {
            _small = Array.FindAll(_small, c => !ReferenceEquals(c, child));
        }
    }

    /// <summary>Non-shared subscribers, as a snapshot safe to enumerate without a lock.</summary>
    public SubscriptionEntry[] GetSubscribers(Lock writeLock)
    {
        var snapshot = _snapshot;
        if (snapshot is not null)
        {
            return snapshot;
        }

        // Rebuilt lazily on the first read after a change, so that N subscribes to one filter cost O(N), not O(N²).
        lock (writeLock)
        {
            snapshot = _snapshot ?? (_subscribers is null ? [] : [.. _subscribers.Values]);
            _snapshot = snapshot;
            return snapshot;
        }
    }

    public SharedGroup[] Groups => _groups;

    /// <summary>Caller holds the write lock. Returns whether the session had no subscription here before.</summary>
    public bool Set(SubscriptionEntry entry)
    {
        if (entry.ShareGroup is { } groupName)
        {
            var group = Array.Find(_groups, g => g.Name == groupName);
            if (group is null)
            {
                group = new SharedGroup(groupName);
                _groups = [.. _groups, group];
            }

            return group.Set(entry);
        }

        _subscribers ??= [];
        var isNew = !_subscribers.ContainsKey(entry.Session);
        _subscribers[entry.Session] = entry;
        _snapshot = null;
        return isNew;
    }

    /// <summary>Caller holds the write lock.</summary>
    public bool Remove(Session session, string? shareGroup)
    {
        if (shareGroup is not null)
        {
            var group = Array.Find(_groups, g => g.Name == shareGroup);
            if (group is null || !group.Remove(session))
            {
                return false;
            }

            if (group.IsEmpty)
            {
                _groups = Array.FindAll(_groups, g => !ReferenceEquals(g, group));
            }

            return true;
        }

        if (_subscribers is null || !_subscribers.Remove(session))
        {
            return false;
        }

        _snapshot = null;
        return true;
    }
}
