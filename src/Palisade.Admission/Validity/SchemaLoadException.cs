namespace Palisade.Admission.Validity;

/// <summary>
/// A JSON Schema of the registry could not be loaded. The message names the file (or source) and what is wrong
/// (missing, unreadable, not JSON with line and position, not a valid JSON Schema), so an operator can fix it at
/// start-up instead of discovering it on the first publish.
/// </summary>
public sealed class SchemaLoadException : Exception
{
    public SchemaLoadException()
    {
        SchemaSource = "";
    }

    public SchemaLoadException(string message)
        : base(message)
    {
        SchemaSource = "";
    }

    public SchemaLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
        SchemaSource = "";
    }

    /// <param name="source">The schema file path (or the name given to an in-memory schema).</param>
    /// <param name="topicClass">The topic class the schema was to serve.</param>
    /// <param name="problem">What is wrong, in a sentence.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public SchemaLoadException(string source, string topicClass, string problem, Exception? innerException = null)
        : base($"JSON Schema for topic class '{topicClass}' from '{source}': {problem}", innerException)
    {
        SchemaSource = source;
        TopicClass = topicClass;
    }

    /// <summary>The schema file path (or the name given to an in-memory schema).</summary>
    public string SchemaSource { get; }

    /// <summary>The topic class the schema was to serve, when known.</summary>
    public string? TopicClass { get; }
}
