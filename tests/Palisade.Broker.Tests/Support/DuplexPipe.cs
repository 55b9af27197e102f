using System.IO.Pipelines;

namespace Palisade.Broker.Tests.Support;

internal sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;
    public PipeWriter Output { get; } = output;

    public static DuplexPipe Unconnected() => new(new Pipe().Reader, new Pipe().Writer);
}
