namespace Palisade.Assessment.Findings;

/// <summary>
/// The outcome of assessing one description: findings in deterministic order (severity descending, then id ordinal),
/// plus what the report writers need to say where it came from.
/// </summary>
/// <param name="DescriptionName">The IIP's name from the description.</param>
/// <param name="SourceFile">Path of the description file as given.</param>
/// <param name="CatalogueVersion">Version string of the SRM catalogue used.</param>
/// <param name="Findings">All findings, ordered.</param>
/// <param name="ScenarioIds">Business scenarios (7.4) the description says it uses.</param>
public sealed record AssessmentResult(
    string DescriptionName,
    string SourceFile,
    string CatalogueVersion,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<string> ScenarioIds);
