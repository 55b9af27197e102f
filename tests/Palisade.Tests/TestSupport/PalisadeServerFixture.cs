using System.Collections;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using Palisade.Edge.Transport;
using Palisade.Hosting;

namespace Palisade.Tests.TestSupport;

/// <summary>
/// The real Palisade host, started in-process on 127.0.0.1 with port 0 listeners and a temp data folder.
/// Use per test (<c>await using var server = await PalisadeServerFixture.StartAsync(...)</c>) or as an xunit class
/// fixture. Disposing stops the host gracefully, deletes the temp folder, and FAILS (throws) if the server logged an
/// error or critical entry the test did not declare in <see cref="PalisadeServerOptions.ExpectedErrors"/>.
/// </summary>
public sealed class PalisadeServerFixture : IAsyncLifetime, IAsyncDisposable
{
    private readonly PalisadeServerOptions _options;
    private readonly bool _ownsDataDirectory;
    private readonly List<string> _temporaryDirectories = [];
    private readonly CapturingLoggerProvider _logs;
    private WebApplication? _app;
    private bool _disposed;

    /// <summary>For xunit class fixtures: default options.</summary>
    public PalisadeServerFixture() : this(new PalisadeServerOptions())
    {
    }

    public PalisadeServerFixture(PalisadeServerOptions options)
    {
        _options = options;
        _ownsDataDirectory = options.DataDirectory is null;
        DataDirectory = options.DataDirectory ?? Path.Combine(NewTemporaryDirectory(), "data");
        _logs = new CapturingLoggerProvider(options.Output is null ? null : entry => options.Output.WriteLine(entry.ToString()));
    }

    /// <summary>Starts a server; the caller disposes it.</summary>
    public static async Task<PalisadeServerFixture> StartAsync(Action<PalisadeServerOptions>? configure = null)
    {
        var options = new PalisadeServerOptions();
        configure?.Invoke(options);
        var fixture = new PalisadeServerFixture(options);
        try
        {
            await fixture.InitializeAsync();
            return fixture;
        }
        catch
        {
            await fixture.DisposeQuietlyAsync();
            throw;
        }
    }

    /// <summary>Absolute path of the data folder.</summary>
    public string DataDirectory { get; }

    /// <summary>The generated <c>server.crt</c>: clients' CA file.</summary>
    public string CertificatePath => Path.Combine(DataDirectory, "server.crt");

    /// <summary>The server certificate (public part), for clients' trust chain.</summary>
    public X509Certificate2 ServerCertificate => X509CertificateLoader.LoadCertificateFromFile(CertificatePath);

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("Server not started.");

    public IReadOnlyList<CapturedLog> Logs => _logs.Entries;

    /// <summary>Bound endpoints by listener name (tls, ws, tcp, http).</summary>
    public IReadOnlyDictionary<string, IPEndPoint> EndPoints { get; private set; } = new Dictionary<string, IPEndPoint>();

    public int TlsPort => PortOf(ListenerNames.Tls);
    public int WebSocketPort => PortOf(ListenerNames.WebSocket);
    public int HttpPort => PortOf(ListenerNames.Http);
    public int PlainTcpPort => PortOf(ListenerNames.PlainTcp);

    /// <summary><c>wss://127.0.0.1:port/mqtt</c>.</summary>
    public Uri WebSocketUri => new($"wss://127.0.0.1:{WebSocketPort}/mqtt");

    public Uri HttpUri => new($"http://127.0.0.1:{HttpPort}/");

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Palisade:Listeners:Tls:Port"] = "0",
            ["Palisade:Listeners:WebSocket:Port"] = "0",
            ["Palisade:Listeners:PlainTcp:Port"] = "0",
            ["Palisade:Listeners:Http:Port"] = "0",
            ["Palisade:ShutdownTimeoutSeconds"] = "5",
            // Anonymous unless a test opts in (Settings["Palisade:Identity:Enabled"] = "true"): the protocol and
            // transport tests connect without identities. The product default is identity ON.
            ["Palisade:Identity:Enabled"] = "false",
        };
        foreach (var (key, value) in _options.Settings)
        {
            if (value is null)
            {
                settings.Remove(key); // null removes a fixture default, so the product default applies
            }
            else
            {
                settings[key] = value;
            }
        }

        _app = PalisadeHost.Build(new PalisadeHostSettings
        {
            ConfigFile = _options.ConfigFile,
            DataDirectory = DataDirectory,
            WorkingDirectory = _options.WorkingDirectory ?? NewTemporaryDirectory(),
            Environment = new Hashtable(_options.Environment),
            Overrides = settings,
            ConsoleLogging = false,
            ConfigureLogging = logging => logging.AddProvider(_logs),
            ConfigureServices = _options.ConfigureServices,
        });
        await _app.StartAsync();

        EndPoints = _app.Services.GetRequiredService<ListenerRegistry>().GetBound()
            .Where(l => l.EndPoint is not null)
            .ToDictionary(l => l.Name, l => l.EndPoint!);
    }

    /// <summary>Graceful stop, as on SIGTERM (idempotent).</summary>
    public async Task StopAsync()
    {
        if (_app is null)
        {
            return;
        }
        var app = _app;
        _app = null;
        try
        {
            await app.StopAsync();
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>Waits until the server logged an entry matching <paramref name="predicate"/> (bounded by <paramref name="timeout"/>).</summary>
    public async Task<CapturedLog> WaitForLogAsync(Func<CapturedLog, bool> predicate, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<CapturedLog>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLogged(CapturedLog entry)
        {
            if (predicate(entry))
            {
                found.TrySetResult(entry);
            }
        }
        _logs.Logged += OnLogged;
        try
        {
            var existing = _logs.Entries.FirstOrDefault(predicate);
            if (existing is not null)
            {
                return existing;
            }
            return await found.Task.WaitAsync(timeout);
        }
        finally
        {
            _logs.Logged -= OnLogged;
        }
    }

    /// <summary>Client options for MQTT over TLS to this server, trusting only its generated certificate.</summary>
    public MqttClientOptionsBuilder TlsClientOptions(MqttProtocolVersion version, string clientId) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", TlsPort)
            .WithProtocolVersion(version)
            .WithClientId(clientId)
            .WithTlsOptions(TrustServerCertificate)
            .WithTimeout(TimeSpan.FromSeconds(10));

    /// <summary>Client options for MQTT over WebSocket (wss, subprotocol mqtt) to this server.</summary>
    public MqttClientOptionsBuilder WebSocketClientOptions(MqttProtocolVersion version, string clientId) =>
        new MqttClientOptionsBuilder()
            .WithWebSocketServer(ws => ws.WithUri(WebSocketUri.ToString()))
            .WithProtocolVersion(version)
            .WithClientId(clientId)
            .WithTlsOptions(TrustServerCertificate)
            .WithTimeout(TimeSpan.FromSeconds(10));

    /// <summary>Client options for MQTT over plain TCP (the listener must be enabled).</summary>
    public MqttClientOptionsBuilder PlainTcpClientOptions(MqttProtocolVersion version, string clientId) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", PlainTcpPort)
            .WithProtocolVersion(version)
            .WithClientId(clientId)
            .WithTimeout(TimeSpan.FromSeconds(10));

    /// <summary>Errors and critical entries not declared as expected.</summary>
    public IReadOnlyList<CapturedLog> UnexpectedErrors() =>
        _logs.Entries
            .Where(e => e.Level >= LogLevel.Error && !_options.ExpectedErrors.Any(expected => expected(e)))
            .ToList();

    public async Task DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await StopAsync();
        DeleteTemporaryDirectories();
        var unexpected = UnexpectedErrors();
        if (unexpected.Count > 0)
        {
            throw new InvalidOperationException(
                "The server logged unexpected errors:" + Environment.NewLine + string.Join(Environment.NewLine, unexpected));
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private async Task DisposeQuietlyAsync()
    {
        _disposed = true;
        try
        {
            await StopAsync();
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or ObjectDisposedException)
        {
            // Start already failed; the start exception is what the test sees.
        }
        DeleteTemporaryDirectories();
    }

    /// <summary>Trust only this server's generated certificate (never the machine store), host name checked. A validation
    /// handler rather than MQTTnet's trust chain, because MQTTnet applies the trust chain to TCP but not to WebSocket.</summary>
    private void TrustServerCertificate(MqttClientTlsOptionsBuilder tls)
    {
        var validate = ServerTrust.Only(CertificatePath);
        tls.UseTls()
            .WithTargetHost("127.0.0.1")
            .WithCertificateValidationHandler(args => validate(this, args.Certificate, args.Chain, args.SslPolicyErrors));
    }

    private int PortOf(string listener) =>
        EndPoints.TryGetValue(listener, out var endPoint)
            ? endPoint.Port
            : throw new InvalidOperationException($"Listener '{listener}' is not running.");

    private string NewTemporaryDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "palisade-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        _temporaryDirectories.Add(path);
        return path;
    }

    private void DeleteTemporaryDirectories()
    {
        if (!_ownsDataDirectory && _temporaryDirectories.Count == 0)
        {
            return;
        }
        foreach (var directory in _temporaryDirectories)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a leftover temp folder must not fail the test.
            }
        }
        _temporaryDirectories.Clear();
    }
}
