namespace Palisade.Assessment.Description;

/// <summary>
/// A description could not be read or is invalid. The message lists every error found, one per line, as
/// <c>file:line:column: field.path: what is wrong</c>. Bad input never surfaces as any other exception.
/// </summary>
public sealed class DescriptionException : Exception
{
    /// <summary>Creates the exception from the errors found (at least one).</summary>
    public DescriptionException(IReadOnlyList<DescriptionError> errors)
        : base(string.Join('\n', (errors ?? throw new ArgumentNullException(nameof(errors))).Select(e => e.ToString())))
    {
        Errors = errors;
    }

    /// <summary>Creates an exception for one error.</summary>
    public DescriptionException(DescriptionError error)
        : this([error])
    {
    }

    public DescriptionException()
        : this(new DescriptionError("(unknown)", 0, 0, "(root)", "invalid description"))
    {
    }

    public DescriptionException(string message)
        : this(new DescriptionError("(unknown)", 0, 0, "(root)", message))
    {
    }

    public DescriptionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new DescriptionError("(unknown)", 0, 0, "(root)", message)];
    }

    /// <summary>The errors, in file order.</summary>
    public IReadOnlyList<DescriptionError> Errors { get; }
}
