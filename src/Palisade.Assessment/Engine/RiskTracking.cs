using Palisade.Assessment.Description;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Engine;

/// <summary>
/// Applies the description's risk tracking to findings after the rules ran. An exact finding id wins over any
/// pattern; among patterns the first in the file wins (so put narrow patterns first). Applicability (not
/// applicable) is kept apart from treatment (mitigated, accepted, transferred, avoided), as in Threat Dragon.
/// </summary>
internal sealed class RiskTracking
{
    private readonly Dictionary<string, TrackingEntry> _exact = new(StringComparer.Ordinal);
    private readonly List<(TrackingEntry Entry, string[] Parts)> _patterns = [];

    public RiskTracking(IReadOnlyList<TrackingEntry> entries)
    {
        foreach (var entry in entries)
        {
            if (entry.Match.Contains('*', StringComparison.Ordinal))
            {
                _patterns.Add((entry, entry.Match.Split('*')));
            }
            else
            {
                _exact.TryAdd(entry.Match, entry);
            }
        }
    }

    public bool IsEmpty => _exact.Count == 0 && _patterns.Count == 0;

    public TrackingEntry? Match(string findingId)
    {
        if (_exact.TryGetValue(findingId, out var exact))
        {
            return exact;
        }

        foreach (var (entry, parts) in _patterns)
        {
            if (Glob(findingId, parts))
            {
                return entry;
            }
        }

        return null;
    }

    public Finding Apply(Finding finding)
    {
        if (Match(finding.Id) is not { } entry)
        {
            return finding;
        }

        var note = new TrackingNote(entry.Match, KebabNames.Of(entry.Status), entry.Justification, entry.Owner, entry.Date);
        return entry.Status switch
        {
            TrackingStatus.NotApplicable => finding with { Applicability = Applicability.NotApplicable, Tracking = note },
            TrackingStatus.Mitigated => finding with { Treatment = Treatment.Mitigated, Tracking = note },
            TrackingStatus.Accepted => finding with { Treatment = Treatment.Accepted, Tracking = note },
            TrackingStatus.Transferred => finding with { Treatment = Treatment.Transferred, Tracking = note },
            TrackingStatus.Avoided => finding with { Treatment = Treatment.Avoided, Tracking = note },
            _ => finding with { Tracking = note },
        };
    }

    /// <summary><c>*</c> matches any run of characters (including none); everything else matches itself.</summary>
    internal static bool Glob(string text, string[] parts)
    {
        if (parts.Length == 1)
        {
            return string.Equals(text, parts[0], StringComparison.Ordinal);
        }

        var span = text.AsSpan();
        if (!span.StartsWith(parts[0], StringComparison.Ordinal))
        {
            return false;
        }

        var position = parts[0].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = span[position..].IndexOf(parts[i], StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            position += found + parts[i].Length;
        }

        var last = parts[^1];
        return span.Length - position >= last.Length && span.EndsWith(last, StringComparison.Ordinal);
    }
}
