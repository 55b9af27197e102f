using System.Text;
using System.Text.Json;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Reports;

/// <summary>
/// SARIF 2.1.0 for CI systems (GitHub code scanning, Azure DevOps, GitLab): one run whose driver rules are the threat
/// items of the catalogue, one result per finding. Written with <see cref="Utf8JsonWriter"/> in a fixed property
/// order so the file is byte-identical for the same input.
/// </summary>
/// <remarks>
/// Mapping: open → kind <c>fail</c> with level from severity (Critical/High error, Medium warning, Low/Info note);
/// treated → <c>fail</c> plus an external, accepted suppression carrying the tracking justification; countered →
/// <c>pass</c>; not applicable → <c>notApplicable</c> (SARIF requires level <c>none</c> for both). Each result points at
/// the description file (with the line of the target when the loader reports it) and names the target as a logical
/// location. <c>partialFingerprints</c> carries the stable finding id so CI can follow a finding across runs. With a
/// baseline, results carry <c>baselineState</c> and findings gone since the baseline are emitted as <c>absent</c>.
/// </remarks>
internal static class SarifReportWriter
{
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    /// <summary>Key of the finding id in <c>partialFingerprints</c>; versioned as SARIF recommends.</summary>
    public const string FingerprintKey = "palisadeFindingId/v1";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        // The default encoder escapes non-ASCII and HTML-sensitive characters as \uXXXX, which stays valid JSON and safe to embed.
    };

    public static string Render(ReportContext context)
    {
        using var stream = new MemoryStream();
        Write(stream, context);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Stream output, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(context);
        var result = context.Result;
        var rules = RuleIds(context);
        var ruleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            ruleIndex[rules[i]] = i;
        }

        var artifactUri = ArtifactUri(result.SourceFile);
        using (var w = new Utf8JsonWriter(output, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("$schema", SchemaUri);
            w.WriteString("version", "2.1.0");
            w.WriteStartArray("runs");
            w.WriteStartObject();

            w.WriteStartObject("tool");
            w.WriteStartObject("driver");
            w.WriteString("name", "Palisade");
            w.WriteString("fullName", "Palisade SRM-IIP assessment (ISO/IEC 24392:2023)");
            w.WriteString("version", context.ToolVersion);
            w.WriteStartArray("rules");
            foreach (var ruleId in rules)
            {
                WriteRule(w, ruleId, context.Catalogue);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();

            w.WriteStartArray("artifacts");
            w.WriteStartObject();
            w.WriteStartObject("location");
            w.WriteString("uri", artifactUri);
            w.WriteEndObject();
            w.WriteStartArray("roles");
            w.WriteStringValue("analysisTarget");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();

            w.WriteStartArray("results");
            foreach (var finding in result.Findings)
            {
                var state = context.Baseline?.Find(finding.Id)?.State;
                WriteResult(w, finding, ruleIndex, artifactUri, context, state, absent: false);
            }

            if (context.Baseline is { } baseline)
            {
                foreach (var gone in baseline.Entries.Where(e => e.Current is null))
                {
                    WriteResult(w, gone.Previous!, ruleIndex, artifactUri, context, gone.State, absent: true);
                }
            }

            w.WriteEndArray();
            w.WriteString("columnKind", "unicodeCodePoints");

            w.WriteStartObject("properties");
            w.WriteString("descriptionName", result.DescriptionName);
            w.WriteString("catalogueVersion", result.CatalogueVersion);
            w.WriteStartArray("scenarioIds");
            foreach (var id in result.ScenarioIds)
            {
                w.WriteStringValue(id);
            }

            w.WriteEndArray();
            if (context.GeneratedAt is { } at)
            {
                w.WriteString("generatedAt", at.ToUniversalTime());
            }

            w.WriteEndObject();

            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        output.WriteByte((byte)'\n');
    }

    /// <summary>Every threat of the catalogue, plus any rule id a finding (or a baseline finding) uses that the catalogue lacks.</summary>
    private static List<string> RuleIds(ReportContext context)
    {
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var threat in context.Catalogue.Rules)
        {
            ids.Add(threat.Id);
        }

        foreach (var finding in context.Result.Findings)
        {
            ids.Add(finding.RuleId);
        }

        if (context.Baseline is { } baseline)
        {
            foreach (var entry in baseline.Entries.Where(e => e.Current is null))
            {
                ids.Add(entry.Previous!.RuleId);
            }
        }

        return [.. ids];
    }

    private static void WriteRule(Utf8JsonWriter w, string ruleId, ReportCatalogue catalogue)
    {
        var entry = catalogue.Find(ruleId);
        var title = entry?.Title ?? ruleId;
        w.WriteStartObject();
        w.WriteString("id", ruleId);
        w.WriteString("name", RuleName(title));
        w.WriteStartObject("shortDescription");
        w.WriteString("text", title);
        w.WriteEndObject();
        if (!string.IsNullOrWhiteSpace(entry?.Description))
        {
            w.WriteStartObject("fullDescription");
            w.WriteString("text", entry.Description);
            w.WriteEndObject();
        }

        // No helpUri: SARIF wants an absolute URI and the report must not point at the network. The clause is the help.
        w.WriteStartObject("help");
        var clause = entry?.Clause is { } c ? "ISO/IEC 24392:2023, " + c + ". " : string.Empty;
        w.WriteString("text", clause + "Run `palisade model show " + ruleId + "` for the characteristics that raise this threat and the objectives and controls that counter it.");
        w.WriteEndObject();
        w.WriteStartObject("properties");
        w.WriteStartArray("tags");
        w.WriteStringValue("security");
        w.WriteStringValue("srm-iip");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteResult(
        Utf8JsonWriter w,
        Finding f,
        Dictionary<string, int> ruleIndex,
        string artifactUri,
        ReportContext context,
        BaselineState? state,
        bool absent)
    {
        var kind = absent
            ? "pass"
            : f.Applicability switch
            {
                Applicability.Countered => "pass",
                Applicability.NotApplicable => "notApplicable",
                _ => "fail",
            };
        w.WriteStartObject();
        w.WriteString("ruleId", f.RuleId);
        w.WriteNumber("ruleIndex", ruleIndex[f.RuleId]);
        w.WriteString("kind", kind);
        w.WriteString("level", kind == "fail" ? Level(f.Severity) : "none");
        w.WriteStartObject("message");
        w.WriteString("text", Message(f, context.Catalogue, absent));
        w.WriteEndObject();

        w.WriteStartArray("locations");
        w.WriteStartObject();
        w.WriteStartObject("physicalLocation");
        w.WriteStartObject("artifactLocation");
        w.WriteString("uri", artifactUri);
        w.WriteNumber("index", 0);
        w.WriteEndObject();
        if (!absent && context.LineOf(f) is { } line)
        {
            w.WriteStartObject("region");
            w.WriteNumber("startLine", line);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteStartArray("logicalLocations");
        w.WriteStartObject();
        w.WriteString("name", f.TargetId);
        w.WriteString("fullyQualifiedName", f.TargetKind + ":" + f.TargetId);
        w.WriteString("kind", f.TargetKind);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();

        w.WriteStartObject("partialFingerprints");
        w.WriteString(FingerprintKey, f.Id);
        w.WriteEndObject();

        if (state is { } s)
        {
            w.WriteString("baselineState", absent ? "absent" : s switch
            {
                BaselineState.New => "new",
                BaselineState.Unchanged => "unchanged",
                _ => "updated",
            });
        }

        // rank 0..100: likelihood × impact (1..25) scaled, so viewers sort like the priority table.
        w.WriteNumber("rank", absent ? 0 : f.Likelihood * f.Impact * 4);

        if (!absent && kind == "fail" && f.Treatment != Treatment.None)
        {
            w.WriteStartArray("suppressions");
            w.WriteStartObject();
            w.WriteString("kind", "external");
            w.WriteString("status", "accepted");
            var justification = f.Treatment.ToString().ToLowerInvariant()
                + (f.Tracking?.Justification is { Length: > 0 } j ? ": " + j : string.Empty)
                + (f.Tracking?.Owner is { Length: > 0 } o ? " (owner " + o + ")" : string.Empty);
            w.WriteString("justification", justification);
            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteStartObject("properties");
        w.WriteString("findingId", f.Id);
        w.WriteString("severity", f.Severity.ToString());
        w.WriteNumber("likelihood", f.Likelihood);
        w.WriteNumber("impact", f.Impact);
        w.WriteString("applicability", f.Applicability.ToString());
        w.WriteString("treatment", f.Treatment.ToString());
        WriteStrings(w, "domains", f.DomainIds);
        WriteStrings(w, "stages", f.StageIds);
        WriteStrings(w, "scenarioThreats", f.ScenarioThreatIds);
        WriteStrings(w, "objectives", f.ObjectiveIds);
        w.WriteStartArray("controls");
        foreach (var c in f.Controls)
        {
            w.WriteStartObject();
            w.WriteString("id", c.ControlId);
            w.WriteString("presence", c.Presence.ToString());
            if (c.Evidence is not null)
            {
                w.WriteString("evidence", c.Evidence);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string Message(Finding f, ReportCatalogue catalogue, bool absent)
    {
        var sb = new StringBuilder(f.Title.Length + 128);
        sb.Append(f.Title.TrimEnd('.')).Append('.');
        if (absent)
        {
            sb.Append(" No longer reported since the baseline.");
            return sb.ToString();
        }

        sb.Append(' ').Append(f.Severity).Append(" (likelihood ").Append(f.Likelihood).Append(" × impact ").Append(f.Impact).Append(").");
        var missing = f.Controls.Where(c => c.Presence == ControlPresence.Missing).Select(c => c.ControlId).ToList();
        if (f.Applicability == Applicability.Open && missing.Count > 0)
        {
            sb.Append(" Missing controls: ").Append(string.Join(", ", missing.Select(id =>
            {
                var title = catalogue.Title(id);
                return string.Equals(title, id, StringComparison.Ordinal) ? id : id + " (" + title + ")";
            }))).Append('.');
        }

        return sb.ToString();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    internal static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    /// <summary>A rule name as SARIF suggests: an identifier-like form of the title (letters and digits, PascalCase).</summary>
    internal static string RuleName(string title)
    {
        var sb = new StringBuilder(title.Length);
        var upper = true;
        foreach (var c in title)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        return sb.Length == 0 ? "Threat" : sb.ToString();
    }

    /// <summary>
    /// The description file as a URI reference: relative paths stay relative (so CI maps them onto the repository),
    /// with forward slashes and each segment percent-encoded; rooted paths become <c>file://</c> URIs.
    /// </summary>
    internal static string ArtifactUri(string sourceFile)
    {
        if (string.IsNullOrEmpty(sourceFile))
        {
            return "description";
        }

        if (Path.IsPathRooted(sourceFile))
        {
            return new Uri(Path.GetFullPath(sourceFile)).AbsoluteUri;
        }

        var segments = sourceFile.Replace('\\', '/').Split('/');
        return string.Join('/', segments.Select(s => s is "." or ".." ? s : Uri.EscapeDataString(s)));
    }
}
