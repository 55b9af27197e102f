using System.CommandLine;

namespace Palisade.Cli;

/// <summary>
/// The <c>palisade</c> root command. Each subcommand is one file in this folder exposing <c>Create()</c>; later
/// issues add <c>participant</c>, <c>device</c>, <c>audit</c>, <c>model</c>, <c>assess</c> and <c>simulate</c> here.
/// </summary>
internal static class PalisadeCommandLine
{
    /// <summary>Exit code for a configuration that failed validation (distinct from a crash, so scripts can tell).</summary>
    public const int ConfigurationErrorExitCode = 2;

    /// <summary>Exit code for a failure at start other than configuration (port in use, unreadable key file...).</summary>
    public const int StartFailureExitCode = 1;

    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("Palisade: a secure industrial internet platform (ISO/IEC 24392 security reference model).");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ModelCommand.Create());
        root.Subcommands.Add(AssessCommand.Create());
        root.Subcommands.Add(ParticipantCommand.Create());
        root.Subcommands.Add(DeviceCommand.Create());
        root.Subcommands.Add(AppCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        return root;
    }

    public static Task<int> InvokeAsync(string[] args)
    {
        var configuration = new InvocationConfiguration
        {
            // Ctrl+C / SIGTERM cancel the token handed to each command's action. Longer than any graceful shutdown
            // the host allows, so `serve` always finishes its own shutdown and exits 0 instead of being cut off.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(330),
        };
        return CreateRootCommand().Parse(args).InvokeAsync(configuration);
    }
}
