namespace Palisade.Model;

/// <summary>
/// The catalogue data is malformed or inconsistent (duplicate id, dangling link, unflagged cross-reference
/// difference...). <see cref="Exception.Message"/> lists every problem found, one per line.
/// </summary>
public sealed class CatalogueValidationException : Exception
{
    /// <summary>Creates the exception from the list of problems.</summary>
    public CatalogueValidationException(IReadOnlyList<string> errors)
        : base(Format(errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception from the list of problems and the parser's exception.</summary>
    public CatalogueValidationException(IReadOnlyList<string> errors, Exception inner)
        : base(Format(errors), inner)
    {
        Errors = errors;
    }

    /// <summary>Creates an exception with one problem.</summary>
    public CatalogueValidationException(string message)
        : this([message])
    {
    }

    /// <summary>Creates an empty exception (required by convention).</summary>
    public CatalogueValidationException()
        : this("The SRM-IIP catalogue is invalid.")
    {
    }

    /// <summary>Creates an exception with one problem and an inner exception.</summary>
    public CatalogueValidationException(string message, Exception innerException)
        : this([message], innerException)
    {
    }

    /// <summary>Every problem found, one line each.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string Format(IReadOnlyList<string> errors) =>
        "The SRM-IIP catalogue is invalid (" + errors.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) +
        " problem(s)):" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e));
}
