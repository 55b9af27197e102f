using System.Collections.Concurrent;

namespace Palisade.Edge.Identity;

/// <summary>
/// Detects one certificate presented by two live connections at once — a copied device key (threat 6.2 k). The
/// newcomer is refused and the first connection kept. Why not the reverse (MQTT's usual "new session takes over"):
/// a thief who copied a key would then be able to knock the real device off at will, and the real device — which is
/// online — keeps its place. The cost: a device that crashed and reconnects before the broker noticed its old
/// connection die (up to 1.5 × keep-alive) is refused until then; it retries and gets in. The refusal and the alert
/// are audited with both connection ids, so an operator sees a shared key even if it was the device that lost.
/// Lock-free: one concurrent dictionary keyed by SHA-256 thumbprint.
/// </summary>
internal sealed class LiveCertificateTracker
{
    private readonly ConcurrentDictionary<string, string> _holders = new(StringComparer.Ordinal);

    /// <summary>Number of certificates currently held by a live connection.</summary>
    public int Count => _holders.Count;

    /// <summary>
    /// Claims <paramref name="thumbprint"/> for <paramref name="connectionId"/>. False when another live connection
    /// holds it (its id in <paramref name="holder"/>): refuse the newcomer with <see cref="AdmissionRefusal.CertificateShared"/>.
    /// Claiming again from the same connection succeeds.
    /// </summary>
    public bool TryAcquire(string thumbprint, string connectionId, out string holder)
    {
        holder = _holders.GetOrAdd(thumbprint, connectionId);
        return string.Equals(holder, connectionId, StringComparison.Ordinal);
    }

    /// <summary>Releases the claim when the connection ends; does nothing if another connection holds it.</summary>
    public bool Release(string thumbprint, string connectionId) =>
        _holders.TryRemove(new KeyValuePair<string, string>(thumbprint, connectionId));

    public bool IsHeld(string thumbprint) => _holders.ContainsKey(thumbprint);
}
