using System.CommandLine;
using System.Globalization;
using Palisade.Assessment.Description;
using Palisade.Assessment.Engine;
using Palisade.Assessment.Findings;
using Palisade.Assessment.Reports;

namespace Palisade.Cli;

/// <summary>
/// <c>palisade assess FILE</c>: assesses an IIP description against the SRM-IIP model and writes the reports.
/// Exit codes: 0 done; 1 an open finding is at or above <c>--fail-on</c>; 2 bad input (the message names file,
/// line and field; never a stack trace).
/// </summary>
internal static class AssessCommand
{
    internal const int ExitOk = 0;
    internal const int ExitFindings = 1;
    internal const int ExitBadInput = 2;

    internal static Command Create()
    {
        // Arity and values are checked in the action rather than by the parser so that every input problem exits
        // with 2 and one clear line, as pipelines expect (the parser's own errors exit with 1).
        var file = new Argument<string?>("FILE")
        {
            Description = "The IIP description (YAML) to assess.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var outputDir = new Option<string?>("--output-dir", "-o")
        {
            Description = "Folder for the reports (created if needed). Default: the current folder.",
        };
        var format = new Option<string?>("--format", "-f")
        {
            Description = "Comma-separated formats: md, html, json, sarif, or all (default).",
        };
        var failOn = new Option<string?>("--fail-on")
        {
            Description = "Exit with 1 when an open finding is at or above this severity: low, medium, high or critical.",
        };
        var baseline = new Option<string?>("--baseline")
        {
            Description = "An earlier JSON result: the reports show what is new, fixed and changed since.",
        };
        var asOf = new Option<string?>("--as-of")
        {
            Description = "Assess as of this date (yyyy-MM-dd) for end-of-support checks. Default: the description's assessed-on, else today.",
        };

        var command = new Command("assess", "Assess a description of a whole IIP against ISO/IEC 24392 (SRM-IIP) and write Markdown, HTML, JSON and SARIF reports.")
        {
            file,
            outputDir,
            format,
            failOn,
            baseline,
            asOf,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var request = new AssessRequest(
                parseResult.GetValue(file),
                parseResult.GetValue(outputDir),
                parseResult.GetValue(format),
                parseResult.GetValue(failOn),
                parseResult.GetValue(baseline),
                parseResult.GetValue(asOf));
            var config = parseResult.InvocationConfiguration;
            return Task.FromResult(Run(request, config.Output, config.Error, cancellationToken));
        });
        return command;
    }

    internal static int Run(AssessRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        if (string.IsNullOrWhiteSpace(request.File))
        {
            return BadInput(error, "missing FILE: give the IIP description to assess, e.g. palisade assess samples/production-optimisation.yaml");
        }

        if (!ReportFormatsParser.TryParse(request.Format, out var formats, out var formatError))
        {
            return BadInput(error, "--format: " + formatError);
        }

        Severity? threshold = null;
        if (!string.IsNullOrWhiteSpace(request.FailOn))
        {
            threshold = request.FailOn.Trim().ToLowerInvariant() switch
            {
                "low" => Severity.Low,
                "medium" => Severity.Medium,
                "high" => Severity.High,
                "critical" => Severity.Critical,
                _ => null,
            };
            if (threshold is null)
            {
                return BadInput(error, $"--fail-on: unknown severity '{request.FailOn}'; use low, medium, high or critical");
            }
        }

        DateOnly? asOf = null;
        if (!string.IsNullOrWhiteSpace(request.AsOf))
        {
            if (!DateOnly.TryParseExact(request.AsOf.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return BadInput(error, $"--as-of: expected a date as yyyy-MM-dd, got '{request.AsOf}'");
            }

            asOf = date;
        }

        if (!File.Exists(request.File))
        {
            return BadInput(error, $"{request.File}: no such file");
        }

        cancellationToken.ThrowIfCancellationRequested();
        string text;
        IipDescription description;
        AssessmentResult result;
        try
        {
            text = File.ReadAllText(request.File);
            description = DescriptionLoader.Parse(text, Path.GetFileName(request.File));
            result = AssessmentEngine.Assess(description, new AssessmentOptions { AsOf = asOf });
        }
        catch (DescriptionException ex)
        {
            foreach (var problem in ex.Errors)
            {
                // The loader names the file without its folder; show the path as the user gave it.
                error.WriteLine(problem with { File = request.File });
            }

            if (ex.Errors.Count == 0)
            {
                error.WriteLine($"{request.File}: {ex.Message}");
            }

            return ExitBadInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return BadInput(error, $"{request.File}: cannot read the file: {ex.Message}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            // The YAML scanner can fail on some malformed input with an exception instead of a positioned YamlException
            // (seen with an unclosed flow sequence). Still bad input: one line, no stack trace.
            error.WriteLine($"{request.File}: (file): invalid YAML: the parser stopped ({ex.GetType().Name}: {ex.Message})");
            return ExitBadInput;
        }

        // The result names the description as the user gave it, so SARIF paths resolve from the repository root.
        result = result with { SourceFile = request.File.Replace('\\', '/') };

        BaselineComparison? comparison = null;
        if (!string.IsNullOrWhiteSpace(request.Baseline))
        {
            if (!File.Exists(request.Baseline))
            {
                return BadInput(error, $"--baseline: {request.Baseline}: no such file");
            }

            try
            {
                comparison = BaselineComparison.Compare(result, JsonReportWriter.ReadFile(request.Baseline), request.Baseline);
            }
            catch (ReportInputException ex)
            {
                return BadInput(error, "--baseline: " + ex.Message);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return BadInput(error, $"--baseline: {request.Baseline}: cannot read the file: {ex.Message}");
            }
        }

        var context = new ReportContext(result, ReportCatalogue.Default, comparison, null, TargetLineIndex.Build(text, request.File));
        var outputDir = string.IsNullOrWhiteSpace(request.OutputDir) ? Directory.GetCurrentDirectory() : request.OutputDir;
        IReadOnlyList<string> written;
        try
        {
            written = ReportFiles.WriteAll(context, outputDir, ReportFiles.StemOf(request.File), formats);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return BadInput(error, $"--output-dir: {outputDir}: cannot write the reports: {ex.Message}");
        }

        foreach (var path in written)
        {
            output.WriteLine("wrote " + path);
        }

        var open = FindingStatus.OpenByPriority(result.Findings);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{result.Findings.Count} findings, {open.Count} open ({Count(open, Severity.Critical)} critical, {Count(open, Severity.High)} high, {Count(open, Severity.Medium)} medium, {Count(open, Severity.Low) + Count(open, Severity.Info)} low)"));
        if (comparison is not null)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"since {comparison.BaselineSource}: {comparison.Count(BaselineState.New)} new, {comparison.Count(BaselineState.Changed)} changed, {comparison.Count(BaselineState.Fixed)} fixed"));
        }

        if (threshold is { } t && FindingStatus.CountOpenAtOrAbove(result.Findings, t) is var failing and > 0)
        {
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{failing} open findings at or above {t.ToString().ToLowerInvariant()} (--fail-on)"));
            return ExitFindings;
        }

        return ExitOk;
    }

    private static int Count(IReadOnlyList<Finding> findings, Severity severity) => findings.Count(f => f.Severity == severity);

    private static int BadInput(TextWriter error, string message)
    {
        error.WriteLine("palisade assess: " + message);
        return ExitBadInput;
    }
}

/// <summary>The options of <c>palisade assess</c> as given on the command line, before validation.</summary>
internal sealed record AssessRequest(string? File, string? OutputDir, string? Format, string? FailOn, string? Baseline, string? AsOf);
