using System.CommandLine;
using Palisade.Cli;

namespace Palisade.Tests.Cli;

/// <summary>Runs the identity commands in-process, the way the palisade root command will, capturing output.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(params string[] args)
    {
        var root = new RootCommand("palisade (test)")
        {
            ParticipantCommand.Create(),
            DeviceCommand.Create(),
            AppCommand.Create(),
            AuditCommand.Create(),
        };
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return new Result(exit, output.ToString(), error.ToString());
    }
}
