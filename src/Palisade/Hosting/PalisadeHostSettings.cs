using System.Collections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Palisade.Hosting;

/// <summary>
/// What the <c>serve</c> command (or a test) decides before configuration is read: where the config file and data
/// folder are, plus seams for tests. Everything else comes from configuration.
/// </summary>
internal sealed record PalisadeHostSettings
{
    /// <summary>Explicit config file (<c>--config</c>); it must exist. Null: <c>palisade.json</c> in the working directory if present.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Data folder from <c>--data</c>; overrides <c>Palisade:DataDirectory</c> from every other source.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Directory where the default <c>palisade.json</c> is looked for and relative paths resolve. Null: the process's working directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The environment to read <c>PALISADE__*</c> variables from. Null: the process environment (tests pass their own).</summary>
    public IDictionary? Environment { get; init; }

    /// <summary>Highest-precedence configuration values (tests; later commands). Keys like <c>Palisade:Listeners:Tls:Port</c>.</summary>
    public IReadOnlyDictionary<string, string?>? Overrides { get; init; }

    /// <summary>Extra logging set-up after the console logger (tests add a capturing provider).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>Extra service registrations after Palisade's own (tests replace parts).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Whether to write console logs (tests turn it off and capture instead).</summary>
    public bool ConsoleLogging { get; init; } = true;
}
