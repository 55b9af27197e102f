using System.Numerics;
using System.Runtime.CompilerServices;
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
    /// <summary>Below this many findings the buckets are sorted on the calling thread (scheduling would cost more).</summary>
    private const int ParallelThreshold = 20_000;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

        // Findings of the engine compose their id as "threat@kind:target" (nothing to check, no id to build); one given
        // an id of its own must have that shape for grouping by threat to keep the id order.
        foreach (var finding in findings)
        {
            byThreat &= finding.HasComposedId
                || (finding.Id.Length > finding.ThreatId.Length
                    && finding.Id[finding.ThreatId.Length] == '@'
                    && finding.Id.StartsWith(finding.ThreatId, StringComparison.Ordinal));
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
        var firsts = new Finding?[starts.Length - 1];
        var shared = new int[starts.Length - 1];
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
            if (byThreat)
            {
                // How many leading characters of "kind:target" every finding of the bucket shares ("flow:flow-0..."):
                // the keys pack the characters after them, where the findings differ.
                if (firsts[bucket] is not { } first)
                {
                    firsts[bucket] = finding;
                    shared[bucket] = finding.TargetKind.Length + 1 + finding.TargetId.Length;
                }
                else
                {
                    shared[bucket] = Math.Min(shared[bucket], SharedLength(first, finding, shared[bucket]));
                }
            }
        }

        for (var b = 1; b < starts.Length; b++)
        {
            starts[b] += starts[b - 1];
        }

        var next = (int[])starts.Clone();
        var keys = new Key[count];
        for (var i = 0; i < count; i++)
        {
            var slot = next[buckets[i]]++;
            var finding = findings[i];

            // Ids in a bucket share "threat@" and the first characters of "kind:target": the key packs the 12
            // characters after those, so most comparisons are integer compares on the key array without touching
            // the strings (or building ids).
            if (byThreat)
            {
                var skip = shared[buckets[i]];
                keys[slot] = new Key(Pack(finding, skip), Pack(finding, skip + 4), Pack(finding, skip + 8), finding);
            }
            else
            {
                var id = finding.Id.AsSpan();
                keys[slot] = new Key(Pack(id, 0), Pack(id, 4), Pack(id, 8), finding);
            }
        }

        // Buckets are disjoint slices: big assessments sort them on all cores.
        if (count >= ParallelThreshold && Environment.ProcessorCount > 1)
        {
            Parallel.For(0, starts.Length - 1, b => SortBucket(keys, starts, b, byThreat));
        }
        else
        {
            for (var b = 0; b < starts.Length - 1; b++)
            {
                SortBucket(keys, starts, b, byThreat);
            }
        }

        for (var i = 0; i < count; i++)
        {
            result[i] = keys[i].Finding;
        }

        return result;
    }

    private static void SortBucket(Key[] keys, int[] starts, int bucket, bool byTarget)
    {
        var length = starts[bucket + 1] - starts[bucket];
        if (length > 1)
        {
            SortKeys(keys.AsSpan(starts[bucket], length), new KeyComparer(byTarget), 2 * (BitOperations.Log2((uint)length) + 1));
        }
    }

    /// <summary>
    /// Quicksort (median of three, insertion sort below 16) written out here rather than <c>Span.Sort</c>: a library
    /// generic over a struct of ours is compiled at first use with no optimisation and stays so for much of a cold
    /// assessment, where this runs once over half a million keys. Past the depth limit (adversarial input) it hands
    /// the rest to <c>Span.Sort</c>. Keys are a total order (ties end in an ordinal id comparison), so the result is
    /// the sorted order whatever algorithm produced it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SortKeys(Span<Key> keys, KeyComparer comparer, int depth)
    {
        while (keys.Length > 16)
        {
            if (depth-- == 0)
            {
                keys.Sort(comparer);
                return;
            }

            var hi = keys.Length - 1;
            var mid = hi >> 1;
            if (comparer.Compare(keys[0], keys[mid]) > 0)
            {
                (keys[0], keys[mid]) = (keys[mid], keys[0]);
            }

            if (comparer.Compare(keys[0], keys[hi]) > 0)
            {
                (keys[0], keys[hi]) = (keys[hi], keys[0]);
            }

            if (comparer.Compare(keys[mid], keys[hi]) > 0)
            {
                (keys[mid], keys[hi]) = (keys[hi], keys[mid]);
            }

            var pivot = keys[mid];
            var i = 0;
            var j = hi;
            while (i <= j)
            {
                while (comparer.Compare(keys[i], pivot) < 0)
                {
                    i++;
                }

                while (comparer.Compare(keys[j], pivot) > 0)
                {
                    j--;
                }

                if (i <= j)
                {
                    (keys[i], keys[j]) = (keys[j], keys[i]);
                    i++;
                    j--;
                }
            }

            // [0, j] <= pivot <= [i, end): recurse into the smaller part, loop on the larger.
            var left = keys[..(j + 1)];
            var right = keys[i..];
            if (left.Length < right.Length)
            {
                SortKeys(left, comparer, depth);
                keys = right;
            }
            else
            {
                SortKeys(right, comparer, depth);
                keys = left;
            }
        }

        for (var k = 1; k < keys.Length; k++)
        {
            var item = keys[k];
            var m = k - 1;
            while (m >= 0 && comparer.Compare(keys[m], item) > 0)
            {
                keys[m + 1] = keys[m];
                m--;
            }

            keys[m + 1] = item;
        }
    }

    /// <summary>
    /// Four UTF-16 units from <paramref name="start"/>, big-endian, 0 past the end. Comparing packs compares the
    /// characters ordinally; where the string is shorter its 0 padding sorts before any character, as ordinal
    /// comparison puts a prefix first. Equal keys fall back to comparing the whole ids.
    /// </summary>
    private static ulong Pack(ReadOnlySpan<char> text, int start)
    {
        ulong packed = 0;
        for (var i = start; i < start + 4; i++)
        {
            packed = (packed << 16) | (i < text.Length ? text[i] : 0u);
        }

        return packed;
    }

    /// <summary>As <see cref="Pack(ReadOnlySpan{char}, int)"/> over <c>kind:target</c>, without building it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong Pack(Finding finding, int start)
    {
        ulong packed = 0;
        for (var i = start; i < start + 4; i++)
        {
            packed = (packed << 16) | TargetChar(finding, i);
        }

        return packed;
    }

    /// <summary>How many leading characters (at most <paramref name="limit"/>) <c>kind:target</c> of the two findings share.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SharedLength(Finding x, Finding y, int limit)
    {
        var n = 0;
        while (n < limit && TargetChar(x, n) == TargetChar(y, n) && TargetChar(x, n) != 0)
        {
            n++;
        }

        return n;
    }

    /// <summary>Character <paramref name="i"/> of <c>kind:target</c>, 0 past its end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static uint TargetChar(Finding finding, int i)
    {
        var kind = finding.TargetKind;
        if (i < kind.Length)
        {
            return kind[i];
        }

        if (i == kind.Length)
        {
            return ':';
        }

        i -= kind.Length + 1;
        return i < finding.TargetId.Length ? finding.TargetId[i] : 0u;
    }

    /// <summary>Ordinal comparison of <c>kind:target</c> of two findings of one threat: the order of their ids.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CompareTargets(Finding x, Finding y)
    {
        if (string.Equals(x.TargetKind, y.TargetKind, StringComparison.Ordinal))
        {
            return string.CompareOrdinal(x.TargetId, y.TargetId);
        }

        var length = Math.Max(x.TargetKind.Length + 1 + x.TargetId.Length, y.TargetKind.Length + 1 + y.TargetId.Length);
        for (var i = 0; i < length; i++)
        {
            // 0 past the end: the shorter (a prefix) sorts first, as in ordinal comparison. Ids hold no NUL.
            var c = TargetChar(x, i).CompareTo(TargetChar(y, i));
            if (c != 0)
            {
                return c;
            }
        }

        return (x.TargetKind.Length + x.TargetId.Length).CompareTo(y.TargetKind.Length + y.TargetId.Length);
    }

    private readonly record struct Key(ulong A, ulong B, ulong C, Finding Finding);

    /// <param name="byTarget">Keys of findings grouped by threat: ties are broken on <c>kind:target</c>, else on the whole id.</param>
    private readonly struct KeyComparer(bool byTarget) : IComparer<Key>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public int Compare(Key x, Key y)
        {
            var c = x.A.CompareTo(y.A);
            if (c != 0)
            {
                return c;
            }

            c = x.B.CompareTo(y.B);
            if (c != 0)
            {
                return c;
            }

            c = x.C.CompareTo(y.C);
            if (c != 0)
            {
                return c;
            }

            return byTarget ? CompareTargets(x.Finding, y.Finding) : string.CompareOrdinal(x.Finding.Id, y.Finding.Id);
        }
    }
}
