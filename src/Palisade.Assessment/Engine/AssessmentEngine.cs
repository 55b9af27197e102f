using Palisade.Assessment.Catalogue;
using Palisade.Assessment.Description;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Engine;

/// <summary>
/// Assesses an IIP description against the SRM-IIP model: runs every rule, applies risk tracking and orders the
/// findings (severity descending, then id ordinal) so the same input always gives the same output.
/// </summary>
public static class AssessmentEngine
{
    /// <summary>Assesses with the built-in catalogue and rules.</summary>
    /// <exception cref="DescriptionException">The description's references do not resolve.</exception>
    public static AssessmentResult Assess(IipDescription description, AssessmentOptions? options = null) =>
        Assess(description, options ?? new AssessmentOptions(), AssessmentCatalogue.Default, RuleRegistry.Default);

    internal static AssessmentResult Assess(IipDescription description, AssessmentOptions options, ICatalogueView catalogue, RuleRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(description);
        // A description the loader produced was checked there against the same catalogue: do not walk it twice.
        var problems = DescriptionValidator.IsKnownValid(description, catalogue) ? [] : DescriptionValidator.Validate(description, catalogue);
        if (problems.Count > 0)
        {
            throw new DescriptionException(problems.Select(p => new DescriptionError(description.SourceName, 0, 0, p.Path, p.Message)).ToList());
        }

        var asOf = options.AsOf ?? description.AssessedOn ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var context = new AssessmentContext(description, asOf, catalogue, options.LiveControls);
        var findings = new List<Finding>(description.Assets.Count * 4);
        foreach (var rule in registry.Rules)
        {
            findings.AddRange(rule.Evaluate(context));
        }

        var tracking = new RiskTracking(description.RiskTracking);
        if (!tracking.IsEmpty)
        {
            for (var i = 0; i < findings.Count; i++)
            {
                findings[i] = tracking.Apply(findings[i]);
            }
        }

        return new AssessmentResult(
            description.Name,
            description.SourceName,
            catalogue.Version,
            FindingSorter.Sort(findings),
            description.Scenarios.Select(s => s.Id).ToList());
    }
}
