using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Palisade.Tests.TestSupport;

/// <summary>How a <see cref="PalisadeServerFixture"/> starts the host. Defaults: every listener on 127.0.0.1 port 0,
/// a fresh temp data folder, an empty environment (the test machine's PALISADE__* variables never leak in).</summary>
public sealed class PalisadeServerOptions
{
    /// <summary>Data folder to use; null = a new temp folder that the fixture deletes at dispose.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Configuration overrides on top of the test defaults, e.g. <c>["Palisade:Listeners:PlainTcp:Enabled"] = "true"</c>.</summary>
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The environment the host reads <c>PALISADE__*</c> variables from.</summary>
    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Config file passed as <c>--config</c>.</summary>
    public string? ConfigFile { get; set; }

    /// <summary>Working directory (where <c>palisade.json</c> is looked for); null = a temp folder with nothing in it.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>Replace or add services after Palisade's own (e.g. a stand-in MQTT server for transport tests).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Where to copy the server's log lines (pass the test's <see cref="ITestOutputHelper"/>).</summary>
    public ITestOutputHelper? Output { get; set; }

    /// <summary>Error logs a test provokes on purpose; any other error or critical log fails the test at dispose.</summary>
    public List<Func<CapturedLog, bool>> ExpectedErrors { get; } = [];

    /// <summary>Shorthand: enable the plain TCP listener (port 0).</summary>
    public PalisadeServerOptions WithPlainTcp()
    {
        Settings["Palisade:Listeners:PlainTcp:Enabled"] = "true";
        return this;
    }
}
