namespace Palisade.Assessment.Reports;

/// <summary>An input of the reports (a baseline file) is malformed. The message names file, line and field.</summary>
internal sealed class ReportInputException : Exception
{
    public ReportInputException(string file, int line, string field, string problem, Exception? inner = null)
        : base($"{file}:{line}: {field}: {problem}", inner)
    {
        File = file;
        Line = line;
        Field = field;
    }

    public string File { get; }

    public int Line { get; }

    public string Field { get; }
}
