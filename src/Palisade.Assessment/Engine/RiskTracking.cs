using System.Runtime.CompilerServices;
using Palisade.Assessment.Description;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Engine;

/// <summary>
/// Applies the description's risk tracking to findings. An exact finding id wins over any pattern; among patterns
/// the first in the file wins (so put narrow patterns first). Applicability (not applicable) is kept apart from
/// treatment (mitigated, accepted, transferred, avoided), as in Threat Dragon.
/// </summary>
/// <remarks>
/// The engine decides while it builds each finding (<see cref="Match(ReadOnlySpan{char}, out TrackingNote?)"/> on
/// the id composed into a stack buffer), so a wildcard matching 100,000 findings neither builds their ids nor copies
/// them. One <see cref="TrackingNote"/> per entry is shared by every finding it matches (notes are immutable).
/// Read-only after construction: safe to use from several threads.
/// </remarks>
internal sealed class RiskTracking
{
    private readonly Dictionary<string, (TrackingEntry Entry, TrackingNote Note)> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (TrackingEntry Entry, TrackingNote Note)>.AlternateLookup<ReadOnlySpan<char>> _exactBySpan;
    private readonly List<(TrackingEntry Entry, TrackingNote Note, string[] Parts)> _patterns = [];

    public RiskTracking(IReadOnlyList<TrackingEntry> entries)
    {
        foreach (var entry in entries)
        {
            var note = new TrackingNote(entry.Match, KebabNames.Of(entry.Status), entry.Justification, entry.Owner, entry.Date);
            if (entry.Match.Contains('*', StringComparison.Ordinal))
            {
                _patterns.Add((entry, note, entry.Match.Split('*')));
            }
            else
            {
                _exact.TryAdd(entry.Match, (entry, note));
            }
        }

        _exactBySpan = _exact.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool IsEmpty => _exact.Count == 0 && _patterns.Count == 0;

    public TrackingEntry? Match(string findingId) => Match(findingId.AsSpan(), out _);

    /// <summary>The entry deciding about the finding with this id, and the note to attach, if any.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public TrackingEntry? Match(ReadOnlySpan<char> findingId, out TrackingNote? note)
    {
        if (_exactBySpan.TryGetValue(findingId, out var exact))
        {
            note = exact.Note;
            return exact.Entry;
        }

        foreach (var (entry, patternNote, parts) in _patterns)
        {
            if (Glob(findingId, parts))
            {
                note = patternNote;
                return entry;
            }
        }

        note = null;
        return null;
    }

    public Finding Apply(Finding finding)
    {
        if (Match(finding.Id, out var note) is not { } entry)
        {
            return finding;
        }

        var (applicability, treatment) = Decide(entry.Status, finding.Applicability, finding.Treatment);
        return finding with { Applicability = applicability, Treatment = treatment, Tracking = note };
    }

    /// <summary>What a tracking status does to a finding's applicability and treatment.</summary>
    public static (Applicability Applicability, Treatment Treatment) Decide(TrackingStatus status, Applicability applicability, Treatment treatment) =>
        status switch
        {
            TrackingStatus.NotApplicable => (Applicability.NotApplicable, treatment),
            TrackingStatus.Mitigated => (applicability, Treatment.Mitigated),
            TrackingStatus.Accepted => (applicability, Treatment.Accepted),
            TrackingStatus.Transferred => (applicability, Treatment.Transferred),
            TrackingStatus.Avoided => (applicability, Treatment.Avoided),
            _ => (applicability, treatment),
        };

    /// <summary><c>*</c> matches any run of characters (including none); everything else matches itself.</summary>
    internal static bool Glob(string text, string[] parts) => Glob(text.AsSpan(), parts);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool Glob(ReadOnlySpan<char> span, string[] parts)
    {
        if (parts.Length == 1)
        {
            return span.SequenceEqual(parts[0]);
        }

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
