namespace Palisade.Simulation;

/// <summary>A simulate option or file that cannot be used; the message says why, <see cref="Option"/> names it.</summary>
internal sealed class SimulateInputException : Exception
{
    public SimulateInputException(string option, string message)
        : base(message) => Option = option;

    public SimulateInputException()
    {
        Option = "";
    }

    public SimulateInputException(string message)
        : base(message) => Option = "";

    public SimulateInputException(string message, Exception innerException)
        : base(message, innerException) => Option = "";

    public string Option { get; }
}
