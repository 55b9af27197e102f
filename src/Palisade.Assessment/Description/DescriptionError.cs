namespace Palisade.Assessment.Description;

/// <summary>One problem in a description, located by file, line, column (1-based; 0 when unknown) and field path.</summary>
public sealed record DescriptionError(string File, int Line, int Column, string Path, string Message)
{
    /// <summary><c>file:line:column: path: message</c>, as compilers print it so editors can jump to it.</summary>
    public override string ToString() =>
        Line > 0
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}: {Path}: {Message}")
            : $"{File}: {Path}: {Message}";
}
