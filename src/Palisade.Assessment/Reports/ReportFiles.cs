using System.Text;

namespace Palisade.Assessment.Reports;

/// <summary>Writes the chosen report formats into a folder as <c>{stem}.assessment.{md,html,json,sarif}</c>.</summary>
internal static class ReportFiles
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>File name stem for a description path: its name without extension.</summary>
    public static string StemOf(string descriptionPath) => Path.GetFileNameWithoutExtension(descriptionPath) is { Length: > 0 } stem ? stem : "assessment";

    public static string PathFor(string outputDir, string stem, ReportFormats format) => Path.Combine(outputDir, stem + ".assessment." + format switch
    {
        ReportFormats.Markdown => "md",
        ReportFormats.Html => "html",
        ReportFormats.Json => "json",
        ReportFormats.Sarif => "sarif",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "one format at a time"),
    });

    /// <summary>Writes every format in <paramref name="formats"/>; returns the paths written, in a fixed order.</summary>
    public static IReadOnlyList<string> WriteAll(ReportContext context, string outputDir, string stem, ReportFormats formats)
    {
        ArgumentNullException.ThrowIfNull(context);
        Directory.CreateDirectory(outputDir);
        var written = new List<string>(4);
        if (formats.HasFlag(ReportFormats.Markdown))
        {
            written.Add(WriteText(PathFor(outputDir, stem, ReportFormats.Markdown), MarkdownReportWriter.Render(context)));
        }

        if (formats.HasFlag(ReportFormats.Html))
        {
            written.Add(WriteText(PathFor(outputDir, stem, ReportFormats.Html), HtmlReportWriter.Render(context)));
        }

        if (formats.HasFlag(ReportFormats.Json))
        {
            var path = PathFor(outputDir, stem, ReportFormats.Json);
            using (var stream = File.Create(path))
            {
                JsonReportWriter.Write(stream, context.Result);
            }

            written.Add(path);
        }

        if (formats.HasFlag(ReportFormats.Sarif))
        {
            var path = PathFor(outputDir, stem, ReportFormats.Sarif);
            using (var stream = File.Create(path))
            {
                SarifReportWriter.Write(stream, context);
            }

            written.Add(path);
        }

        return written;
    }

    private static string WriteText(string path, string text)
    {
        File.WriteAllText(path, text, Utf8NoBom);
        return path;
    }
}
