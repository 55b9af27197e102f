using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Engine;

/// <summary>
/// Puts findings in <see cref="FindingOrder"/> (severity descending, then id ordinal) faster than a comparison
/// sort of the whole list: findings are first distributed into buckets by (severity, threat) in one counting pass,
/// then each bucket is sorted by id with the ids in their own array, so comparisons touch only strings and each
/// sort is over a fraction of the half-million findings. Grouping by threat is only done when no threat id is a
/// prefix of another (then every id of an earlier threat sorts before every id of a later one, as <c>id</c> is
/// <c>threat@kind:target</c>); otherwise buckets are by severity alone. The result is the same order as
/// <c>List.Sort(FindingOrder.Instance)</c>.
/// </summary>
internal static class FindingSorter
{
    public static Finding[] Sort(List<Finding> findings)
    {
        var count = findings.Count;
        var result = new Finding[count];
        if (count == 0)
        {
            return result;
        }

        // Threat ranks in ordinal order, if grouping by threat preserves the id order.
        var threats = new Dictionary<string, int>(StringComparer.Ordinal);
        string? seen = null;
        foreach (var finding in findings)
        {
            if (!ReferenceEquals(finding.ThreatId, seen))
            {
                seen = finding.ThreatId;
                threats.TryAdd(seen, 0);
            }
        }

        var ordered = threats.Keys.ToArray();
        Array.Sort(ordered, StringComparer.Ordinal);
        var byThreat = true;
        for (var i = 0; i < ordered.Length; i++)
        {
            threats[ordered[i]] = i;
            byThreat &= i == 0 || !ordered[i].StartsWith(ordered[i - 1], StringComparison.Ordinal);
        }

        foreach (var finding in findings)
        {
            byThreat &= finding.Id.Length > finding.ThreatId.Length
                && finding.Id[finding.ThreatId.Length] == '@'
                && finding.Id.StartsWith(finding.ThreatId, StringComparison.Ordinal);
        }

        var threatCount = byThreat ? ordered.Length : 1;
        var severities = Enum.GetValues<Severity>();
        var maxSeverity = 0;
        foreach (var severity in severities)
        {
            maxSeverity = Math.Max(maxSeverity, (int)severity);
        }

        // Bucket = (maxSeverity - severity) * threats + rank: severity descending first, then threat ascending.
        var buckets = new int[count];
        var starts = new int[((maxSeverity + 1) * threatCount) + 1];
        string? lastThreat = null;
        var lastRank = 0;
        for (var i = 0; i < count; i++)
        {
            var finding = findings[i];
            if (byThreat && !ReferenceEquals(finding.ThreatId, lastThreat))
            {
                // Rules emit runs of findings with the same threat id object: hash only when it changes.
                lastThreat = finding.ThreatId;
                lastRank = threats[lastThreat];
            }

            var bucket = ((maxSeverity - (int)finding.Severity) * threatCount) + lastRank;
            buckets[i] = bucket;
            starts[bucket + 1]++;
        }

        for (var b = 1; b < starts.Length; b++)
        {
            starts[b] += starts[b - 1];
        }

        var next = (int[])starts.Clone();
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            var slot = next[buckets[i]]++;
            result[slot] = findings[i];
            ids[slot] = findings[i].Id;
        }

        for (var b = 0; b < starts.Length - 1; b++)
        {
            var length = starts[b + 1] - starts[b];
            if (length > 1)
            {
                Array.Sort(ids, result, starts[b], length, StringComparer.Ordinal);
            }
        }

        return result;
    }
}
