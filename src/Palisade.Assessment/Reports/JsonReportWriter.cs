using System.Text;
using System.Text.Json;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Reports;

/// <summary>The assessment result as JSON: the machine-readable record, and the input of a later <c>--baseline</c>.</summary>
internal static class JsonReportWriter
{
    public static void Write(Stream output, AssessmentResult result)
    {
        JsonSerializer.Serialize(output, result, AssessmentJsonContext.Default.AssessmentResult);
        output.WriteByte((byte)'\n');
    }

    public static string Render(AssessmentResult result) =>
        JsonSerializer.Serialize(result, AssessmentJsonContext.Default.AssessmentResult) + "\n";

    /// <summary>Reads a result written by <see cref="Write"/>.</summary>
    /// <exception cref="ReportInputException">The file is not a valid assessment result; the message names file, line and field.</exception>
    public static AssessmentResult Read(Stream input, string sourceName)
    {
        try
        {
            return JsonSerializer.Deserialize(input, AssessmentJsonContext.Default.AssessmentResult)
                ?? throw new ReportInputException(sourceName, 1, "$", "expected an assessment result object, found null");
        }
        catch (JsonException ex)
        {
            // JsonException line numbers are zero-based; people count from one.
            var line = ex.LineNumber is { } l ? (int)l + 1 : 1;
            var field = string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path;
            throw new ReportInputException(sourceName, line, field, FirstSentence(ex.Message), ex);
        }
    }

    public static AssessmentResult ReadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends "Path: ... | LineNumber: ..." which we already report as fields.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var text = cut > 0 ? message[..cut] : message;
        return new StringBuilder(text).Replace("Palisade.Assessment.Findings.", string.Empty).ToString().Trim();
    }
}
