using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Engine;

/// <summary>Severity descending, then id ordinal: the one order findings are reported in.</summary>
public sealed class FindingOrder : IComparer<Finding>
{
    public static FindingOrder Instance { get; } = new();

    public int Compare(Finding? x, Finding? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return 1;
        }

        if (y is null)
        {
            return -1;
        }

        var bySeverity = y.Severity.CompareTo(x.Severity);
        return bySeverity != 0 ? bySeverity : string.CompareOrdinal(x.Id, y.Id);
    }
}
