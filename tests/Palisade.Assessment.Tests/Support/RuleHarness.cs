using Palisade.Assessment.Catalogue;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Tests.Support;

/// <summary>Runs one rule on a description with the real catalogue, and checks the three cases every rule test needs.</summary>
internal static class RuleHarness
{
    public static IReadOnlyList<Finding> Run(IThreatRule rule, IipDescription description, ILiveControlSource? live = null)
    {
        var registry = new RuleRegistry(AssessmentCatalogue.Default, [rule]);
        return AssessmentEngine.Assess(description, new AssessmentOptions { LiveControls = live }, AssessmentCatalogue.Default, registry).Findings;
    }

    /// <summary>The one finding for the target; fails if there is none or more than one.</summary>
    public static Finding Single(IThreatRule rule, IipDescription description, string target)
    {
        var findings = Run(rule, description);
        var id = $"{rule.Metadata.Id}@{target}";
        var match = Assert.Single(findings, f => f.Id == id);
        Assert.Equal(rule.Metadata.Id, match.ThreatId);
        Assert.NotEmpty(match.Rationale);
        return match;
    }

    public static void Open(IThreatRule rule, IipDescription description, string target)
    {
        var finding = Single(rule, description, target);
        Assert.Equal(Applicability.Open, finding.Applicability);
        Assert.Equal(SeverityMatrix.Rate(finding.Likelihood, finding.Impact), finding.Severity);
        Assert.All(finding.Controls, c => Assert.Equal(ControlPresence.Missing, c.Presence));
        Assert.NotEmpty(finding.Controls);
    }

    public static void Absent(IThreatRule rule, IipDescription description, string target)
    {
        var id = $"{rule.Metadata.Id}@{target}";
        Assert.DoesNotContain(Run(rule, description), f => f.Id == id);
    }

    /// <summary>Every control the finding asks for is declared with evidence: countered, residual severity.</summary>
    public static Finding Countered(IThreatRule rule, DescriptionBuilder builder, string target)
    {
        var asked = Single(rule, builder.Build(), target).Controls.Select(c => c.ControlId).ToList();
        var finding = Single(rule, builder.Controls(asked).Build(), target);
        Assert.Equal(Applicability.Countered, finding.Applicability);
        Assert.All(finding.Controls, c =>
        {
            Assert.Equal(ControlPresence.Declared, c.Presence);
            Assert.Contains("Audit report", c.Evidence, StringComparison.Ordinal);
        });
        Assert.Equal(SeverityMatrix.Residual(finding.Impact), finding.Severity);
        return finding;
    }
}
