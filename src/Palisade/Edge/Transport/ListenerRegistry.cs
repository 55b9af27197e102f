using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Palisade.Edge.Transport;

/// <summary>
/// The listeners configured on Kestrel, so the bound endpoints (with the real port when 0 was asked) can be reported
/// once the server has started: Kestrel writes the bound endpoint back into each <see cref="ListenOptions"/>.
/// </summary>
internal sealed class ListenerRegistry
{
    private readonly Lock _gate = new();
    private readonly List<(string Name, string Description, ListenOptions Options)> _listeners = [];

    public void Add(string name, string description, ListenOptions options)
    {
        lock (_gate)
        {
            _listeners.RemoveAll(l => l.Name == name);
            _listeners.Add((name, description, options));
        }
    }

    /// <summary>Listener name to bound endpoint; meaningful after the server started.</summary>
    public IReadOnlyList<BoundListener> GetBound()
    {
        lock (_gate)
        {
            return _listeners
                .Select(l => new BoundListener(l.Name, l.Description, l.Options.EndPoint as IPEndPoint))
                .ToList();
        }
    }
}

/// <summary>One listener and where it is bound.</summary>
internal sealed record BoundListener(string Name, string Description, IPEndPoint? EndPoint);
