using System.Collections;
using Microsoft.Extensions.Configuration;

namespace Palisade.Hosting;

/// <summary>
/// Builds the configuration sources, lowest precedence first: the JSON config file, then <c>PALISADE__*</c>
/// environment variables, then command-line overrides. Nothing else: the process's unrelated environment
/// (ASPNETCORE_*, DOTNET_*, PATH...) never changes Palisade's behaviour, so what a config file and the
/// documented variables say is all there is to audit.
/// </summary>
internal static class PalisadeConfiguration
{
    /// <summary>The config file read from the working directory when <c>--config</c> is not given.</summary>
    public const string DefaultConfigFileName = "palisade.json";

    /// <summary>Environment variables with this prefix are configuration: <c>PALISADE__LISTENERS__TLS__PORT</c> is
    /// <c>Palisade:Listeners:Tls:Port</c> (double underscore separates sections; names are case-insensitive).</summary>
    public const string EnvironmentPrefix = "PALISADE__";

    /// <summary>Returns the config file to read (null when none) or throws <see cref="PalisadeConfigurationException"/>
    /// when an explicitly named file does not exist.</summary>
    public static string? ResolveConfigFile(string? explicitFile, string workingDirectory)
    {
        if (explicitFile is not null)
        {
            var path = Path.GetFullPath(explicitFile, workingDirectory);
            if (!File.Exists(path))
            {
                throw new PalisadeConfigurationException($"The config file '{path}' given with --config does not exist.");
            }
            return path;
        }

        var defaultPath = Path.Combine(workingDirectory, DefaultConfigFileName);
        return File.Exists(defaultPath) ? defaultPath : null;
    }

    public static void AddSources(IConfigurationBuilder builder, PalisadeHostSettings settings, string workingDirectory)
    {
        var configFile = ResolveConfigFile(settings.ConfigFile, workingDirectory);
        if (configFile is not null)
        {
            // Read once at start: a config change means a restart, which keeps the running state explainable.
            builder.AddJsonFile(configFile, optional: false, reloadOnChange: false);
        }

        builder.AddInMemoryCollection(FromEnvironment(settings.Environment ?? System.Environment.GetEnvironmentVariables()));

        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (settings.DataDirectory is not null)
        {
            overrides[PalisadeOptions.SectionName + ":" + nameof(PalisadeOptions.DataDirectory)] = settings.DataDirectory;
        }
        if (settings.Overrides is not null)
        {
            foreach (var (key, value) in settings.Overrides)
            {
                overrides[key] = value;
            }
        }
        builder.AddInMemoryCollection(overrides);
    }

    /// <summary>Maps <c>PALISADE__A__B=value</c> to <c>Palisade:A:B=value</c>; other variables are ignored.</summary>
    public static Dictionary<string, string?> FromEnvironment(IDictionary environment)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is string name
                && name.Length > EnvironmentPrefix.Length
                && name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var key = PalisadeOptions.SectionName + ConfigurationPath.KeyDelimiter
                    + name[EnvironmentPrefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
                values[key] = entry.Value as string;
            }
        }
        return values;
    }
}
