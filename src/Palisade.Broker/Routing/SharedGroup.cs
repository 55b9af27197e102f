namespace Palisade.Broker.Routing;

/// <summary>
/// The members of one shared subscription (<c>$share/{group}/{filter}</c>) at one trie node. Each message goes
/// to one member, round-robin, skipping members that are offline or whose queue is full while another can take it.
/// </summary>
internal sealed class SharedGroup(string name)
{
    private readonly Dictionary<Sessions.Session, SubscriptionEntry> _members = [];
    private volatile SubscriptionEntry[] _snapshot = [];
    private int _next = -1;

    public string Name { get; } = name;

    public bool IsEmpty => _members.Count == 0;

    /// <summary>Adds or replaces a member. Caller holds the trie's write lock.</summary>
    public bool Set(SubscriptionEntry entry)
    {
        var isNew = !_members.ContainsKey(entry.Session);
        _members[entry.Session] = entry;
        _snapshot = [.. _members.Values];
        return isNew;
    }

    /// <summary>Removes a member. Caller holds the trie's write lock.</summary>
    public bool Remove(Sessions.Session session)
    {
        if (!_members.Remove(session))
        {
            return false;
        }

        _snapshot = [.. _members.Values];
        return true;
    }

    /// <summary>Chooses the member that receives the next message; null when the group is empty.</summary>
    public SubscriptionEntry? Pick()
    {
        var members = _snapshot;
        if (members.Length == 0)
        {
            return null;
        }

        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)members.Length);
        for (var i = 0; i < members.Length; i++)
        {
            var candidate = members[(start + i) % members.Length];
            if (candidate.Session.CanAcceptNow)
            {
                return candidate;
            }
        }

        // Nobody online with room: give it to the member whose turn it was; its session queues or drops per policy.
        return members[start];
    }
}
