using Palisade.Assessment.Findings;
using Palisade.Assessment.Reports;
using Xunit;

namespace Palisade.Assessment.Tests.Reports;

public sealed class FindingStatusTests
{
    [Fact]
    public void Open_findings_are_ordered_by_severity_then_likelihood_times_impact_then_id()
    {
        var findings = new[]
        {
            ReportFixtures.Make("threat.6.2.k", "b", Severity.High, likelihood: 3, impact: 4),
            ReportFixtures.Make("threat.6.2.k", "a", Severity.High, likelihood: 3, impact: 4),
            ReportFixtures.Make("threat.6.2.a", "x", Severity.High, likelihood: 5, impact: 4),
            ReportFixtures.Make("threat.6.2.h", "y", Severity.Critical, likelihood: 4, impact: 5),
            ReportFixtures.Make("threat.6.2.c", "z", Severity.Low, likelihood: 5, impact: 5),
        };

        var ordered = FindingStatus.OpenByPriority(findings).Select(f => f.TargetId).ToArray();

        Assert.Equal(["y", "x", "a", "b", "z"], ordered);
    }

    [Fact]
    public void Countered_not_applicable_and_treated_findings_are_not_open()
    {
        var result = ReportFixtures.Sample();

        var open = FindingStatus.OpenByPriority(result.Findings);

        Assert.Equal(4, open.Count);
        Assert.DoesNotContain(open, f => f.TargetId is "edge-01" or "press-line-3" or "plc-s7-300");
        Assert.Equal("accepted", FindingStatus.Label(result.Findings.Single(f => f.TargetId == "press-line-3")));
    }

    [Theory]
    [InlineData(Severity.Critical, 1)]
    [InlineData(Severity.High, 3)]
    [InlineData(Severity.Medium, 4)]
    [InlineData(Severity.Low, 4)]
    public void Fail_on_counts_open_findings_at_or_above_the_threshold(Severity threshold, int expected)
    {
        Assert.Equal(expected, FindingStatus.CountOpenAtOrAbove(ReportFixtures.Sample().Findings, threshold));
    }

    [Fact]
    public void Priority_classes_follow_severity()
    {
        Assert.Equal("P1", FindingStatus.Priority(Severity.Critical));
        Assert.Equal("P2", FindingStatus.Priority(Severity.High));
        Assert.Equal("P3", FindingStatus.Priority(Severity.Medium));
        Assert.Equal("P4", FindingStatus.Priority(Severity.Low));
    }
}
