using Palisade.Assessment.Findings;
using Palisade.Assessment.Reports;
using Xunit;

namespace Palisade.Assessment.Tests.Reports;

public sealed class BaselineComparisonTests
{
    private static AssessmentResult With(params Finding[] findings) => ReportFixtures.Sample() with { Findings = findings };

    [Fact]
    public void Findings_are_classified_new_fixed_changed_removed_and_unchanged_by_id()
    {
        var baseline = With(
            ReportFixtures.Make("threat.6.2.a", "stays", Severity.High),
            ReportFixtures.Make("threat.6.2.a", "gets-worse", Severity.Medium),
            ReportFixtures.Make("threat.6.2.a", "gets-countered", Severity.High),
            ReportFixtures.Make("threat.6.2.a", "disappears-open", Severity.Low),
            ReportFixtures.Make("threat.6.2.a", "disappears-countered", Severity.Low, applicability: Applicability.Countered),
            ReportFixtures.Make("threat.6.2.a", "reopens", Severity.Low, applicability: Applicability.Countered));
        var current = With(
            ReportFixtures.Make("threat.6.2.a", "stays", Severity.High),
            ReportFixtures.Make("threat.6.2.a", "gets-worse", Severity.High),
            ReportFixtures.Make("threat.6.2.a", "gets-countered", Severity.Low, applicability: Applicability.Countered),
            ReportFixtures.Make("threat.6.2.a", "reopens", Severity.Low),
            ReportFixtures.Make("threat.6.2.k", "brand-new", Severity.Critical));

        var diff = BaselineComparison.Compare(current, baseline, "old.json");

        BaselineState StateOf(string target) => diff.Entries.Single(e => e.Id.EndsWith(":" + target, StringComparison.Ordinal)).State;
        Assert.Equal(BaselineState.Unchanged, StateOf("stays"));
        Assert.Equal(BaselineState.Changed, StateOf("gets-worse"));
        Assert.Equal(BaselineState.Fixed, StateOf("gets-countered"));
        Assert.Equal(BaselineState.Fixed, StateOf("disappears-open"));
        Assert.Equal(BaselineState.Removed, StateOf("disappears-countered"));
        Assert.Equal(BaselineState.Changed, StateOf("reopens"));
        Assert.Equal(BaselineState.New, StateOf("brand-new"));
        Assert.Equal("severity Medium → High", diff.Entries.Single(e => e.Id.EndsWith(":gets-worse", StringComparison.Ordinal)).Change);
    }

    [Fact]
    public void Current_findings_come_first_in_their_order_then_baseline_only_ones_by_id()
    {
        var baseline = With(
            ReportFixtures.Make("threat.6.2.a", "z-gone", Severity.Low),
            ReportFixtures.Make("threat.6.2.a", "a-gone", Severity.Low));
        var current = With(ReportFixtures.Make("threat.6.2.k", "now", Severity.Low));

        var diff = BaselineComparison.Compare(current, baseline, "old.json");

        Assert.Equal(["threat.6.2.k@asset:now", "threat.6.2.a@asset:a-gone", "threat.6.2.a@asset:z-gone"], diff.Entries.Select(e => e.Id));
    }
}
