using System.Text;

namespace Palisade.Assessment.Reports;

/// <summary>
/// Escaping for text that comes from a description (names, justifications, evidence): it must neither break a table
/// nor become markup, links or raw HTML in a Markdown renderer.
/// </summary>
internal static class MarkdownText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\r':
                    break;
                case '\n':
                case '\t':
                    sb.Append(' ');
                    break;
                case '<':
                    sb.Append("&lt;");
                    break;
                case '>':
                    sb.Append("&gt;");
                    break;
                case '&':
                    sb.Append("&amp;");
                    break;
                // '[' and ']' are escaped, so no link or image can form and '(' ')' '!' can stay as they are.
                case '\\' or '`' or '*' or '_' or '{' or '}' or '[' or ']' or '#' or '|' or '~':
                    sb.Append('\\').Append(c);
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>An id as inline code. Ids come from the description too, so a backtick in one must not end the span.</summary>
    public static string Code(string id)
    {
        var clean = id.Replace('\n', ' ').Replace('\r', ' ').Replace('|', '¦');
        var fence = clean.Contains('`', StringComparison.Ordinal) ? "`` " : "`";
        var close = fence.Length > 1 ? " ``" : "`";
        return fence + clean.Replace("``", "` `", StringComparison.Ordinal) + close;
    }

    /// <summary>An HTML anchor name usable in both GitHub and plain renderers.</summary>
    public static string Anchor(string id)
    {
        var sb = new StringBuilder(id.Length);
        foreach (var c in id)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? char.ToLowerInvariant(c) : '-');
        }

        return sb.ToString();
    }
}
