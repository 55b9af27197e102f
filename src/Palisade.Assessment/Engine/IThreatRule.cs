using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Engine;

/// <summary>
/// One rule per threat item of ISO/IEC 24392 6.2 (after Threagile's risk rules): it says what it is about and, given
/// a description, where the threat applies and how likely and how bad it is there.
/// </summary>
public interface IThreatRule
{
    /// <summary>What the rule is about; <see cref="RuleMetadata.Id"/> is the catalogue id of the threat.</summary>
    RuleMetadata Metadata { get; }

    /// <summary>
    /// One finding per target where the threat applies, built with <see cref="AssessmentContext.Finding"/> so
    /// controls, links and severity are filled in the same way for every rule. Must iterate the description
    /// linearly: descriptions have hundreds of thousands of assets and flows. The engine may run several rules at the
    /// same time, each on its own thread with its own context: a rule must not keep mutable state between calls.
    /// </summary>
    IEnumerable<Finding> Evaluate(AssessmentContext context);
}
