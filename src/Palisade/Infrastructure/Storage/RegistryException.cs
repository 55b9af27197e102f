namespace Palisade.Infrastructure.Storage;

/// <summary>
/// A registry request refused as a whole (nothing was applied). Names the field and value at fault so that the CLI
/// and the API can say exactly what to fix: "--participant 'acme': no such participant".
/// </summary>
internal sealed class RegistryException : Exception
{
    public RegistryException(string field, string? value, string problem)
        : base(value is null ? $"{field}: {problem}" : $"{field} '{value}': {problem}")
    {
        Field = field;
        Value = value;
        Problem = problem;
    }

    public RegistryException()
        : this("request", null, "refused")
    {
    }

    public RegistryException(string message)
        : this("request", null, message)
    {
    }

    public RegistryException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "request";
        Problem = message;
    }

    /// <summary>The field at fault: "id", "participant", "ca", "allow", "grant", "csr", "secret".</summary>
    public string Field { get; } = "request";

    /// <summary>The value given for it (never a secret).</summary>
    public string? Value { get; }

    public string Problem { get; } = "refused";
}
