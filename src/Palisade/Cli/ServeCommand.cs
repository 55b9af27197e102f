using System.CommandLine;
using Microsoft.Extensions.Options;
using Palisade.Hosting;

namespace Palisade.Cli;

/// <summary><c>palisade serve [--config FILE] [--data DIR]</c>: runs the platform until SIGTERM or Ctrl+C.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config", "-c")
        {
            Description = $"JSON config file (default: {PalisadeConfiguration.DefaultConfigFileName} in the working directory, if present). " +
                          "Environment variables PALISADE__SECTION__KEY override it.",
        };
        var data = new Option<DirectoryInfo?>("--data", "-d")
        {
            Description = "Data folder for keys, certificates and state (default: ./data; env PALISADE__DATADIRECTORY). Created on first start, owner-only.",
        };
        var command = new Command("serve", "Run the Palisade host: MQTT over TLS and WebSocket, and the HTTP API.")
        {
            config,
            data,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            new PalisadeHostSettings
            {
                ConfigFile = parseResult.GetValue(config)?.FullName,
                DataDirectory = parseResult.GetValue(data)?.FullName,
            },
            parseResult.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> fires (SIGTERM, Ctrl+C); returns 0 after a graceful stop,
    /// <see cref="PalisadeCommandLine.ConfigurationErrorExitCode"/> for bad configuration, 1 for other start failures.</summary>
    internal static async Task<int> RunAsync(PalisadeHostSettings settings, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            await using var app = PalisadeHost.Build(settings);
            await app.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is OptionsValidationException or PalisadeConfigurationException)
        {
            await error.WriteLineAsync($"palisade: configuration error: {ex.Message}").ConfigureAwait(false);
            return PalisadeCommandLine.ConfigurationErrorExitCode;
        }
        catch (Exception ex) when (ex is AggregateException { InnerExceptions: var inner } && inner.All(e => e is OptionsValidationException))
        {
            await error.WriteLineAsync($"palisade: configuration error: {string.Join(" ", inner.Select(e => e.Message))}").ConfigureAwait(false);
            return PalisadeCommandLine.ConfigurationErrorExitCode;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            // Unconvertible values ("Failed to convert configuration value at 'Palisade:...'"), unknown keys, ports in use.
            await error.WriteLineAsync($"palisade: failed to start: {ex.Message}").ConfigureAwait(false);
            return PalisadeCommandLine.StartFailureExitCode;
        }
    }
}
