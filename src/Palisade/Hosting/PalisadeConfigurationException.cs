namespace Palisade.Hosting;

/// <summary>The configuration cannot be used; the message names the option (and its environment variable) and what is wrong.</summary>
internal sealed class PalisadeConfigurationException : Exception
{
    public PalisadeConfigurationException(string message) : base(message)
    {
    }

    public PalisadeConfigurationException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public PalisadeConfigurationException()
    {
    }
}
