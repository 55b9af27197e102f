namespace Palisade.LoadGen.Transport;

/// <summary>The broker answered but refused (CONNACK or SUBACK failure); the message names the code it sent.</summary>
internal sealed class BrokerRefusedException : Exception
{
    public BrokerRefusedException()
    {
    }

    public BrokerRefusedException(string message)
        : base(message)
    {
    }

    public BrokerRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
