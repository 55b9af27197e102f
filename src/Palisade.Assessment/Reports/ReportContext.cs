using System.Reflection;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Reports;

/// <summary>
/// Everything a report writer reads. Writers are pure functions of this value: the same context gives byte-identical
/// output, so nothing here is read from the clock or the machine unless the caller passes it in.
/// </summary>
/// <param name="Result">The assessment.</param>
/// <param name="Catalogue">Titles and structure of the SRM catalogue.</param>
/// <param name="Baseline">Comparison with an earlier assessment, if <c>--baseline</c> was given.</param>
/// <param name="GeneratedAt">Shown in the reports only when given (keeps output reproducible by default).</param>
/// <param name="TargetLines">
/// Line in the description file where each target is declared, keyed <c>{TargetKind}:{TargetId}</c>; used for
/// SARIF regions. Empty when the loader does not report lines.
/// </param>
internal sealed record ReportContext(
    AssessmentResult Result,
    ReportCatalogue Catalogue,
    BaselineComparison? Baseline = null,
    DateTimeOffset? GeneratedAt = null,
    IReadOnlyDictionary<string, int>? TargetLines = null)
{
    /// <summary>Version of Palisade written into SARIF and report footers (assembly informational version, without build metadata).</summary>
    public string ToolVersion { get; init; } = DefaultToolVersion;

    private static string DefaultToolVersion
    {
        get
        {
            var version = typeof(ReportContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            var plus = version.IndexOf('+', StringComparison.Ordinal);
            return plus >= 0 ? version[..plus] : version;
        }
    }

    public int? LineOf(Finding finding) =>
        TargetLines is not null && TargetLines.TryGetValue(finding.TargetKind + ":" + finding.TargetId, out var line) && line > 0
            ? line
            : null;
}
