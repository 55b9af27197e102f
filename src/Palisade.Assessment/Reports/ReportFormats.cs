namespace Palisade.Assessment.Reports;

/// <summary>The report formats <c>palisade assess</c> can write.</summary>
[Flags]
internal enum ReportFormats
{
    None = 0,
    Markdown = 1,
    Html = 2,
    Json = 4,
    Sarif = 8,
    All = Markdown | Html | Json | Sarif,
}

internal static class ReportFormatsParser
{
    /// <summary>Parses <c>md,html,json,sarif</c> or <c>all</c> (case-insensitive, spaces allowed).</summary>
    public static bool TryParse(string? text, out ReportFormats formats, out string? error)
    {
        formats = ReportFormats.None;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            formats = ReportFormats.All;
            return true;
        }

        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var format = raw.ToLowerInvariant() switch
            {
                "all" => ReportFormats.All,
                "md" or "markdown" => ReportFormats.Markdown,
                "html" => ReportFormats.Html,
                "json" => ReportFormats.Json,
                "sarif" => ReportFormats.Sarif,
                _ => ReportFormats.None,
            };
            if (format == ReportFormats.None)
            {
                error = $"unknown format '{raw}'; use md, html, json, sarif or all";
                return false;
            }

            formats |= format;
        }

        if (formats == ReportFormats.None)
        {
            error = "no format given; use md, html, json, sarif or all";
            return false;
        }

        return true;
    }
}
