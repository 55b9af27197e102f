using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Formatter;
using Palisade.Infrastructure.Audit;
using Palisade.Infrastructure.Storage;
using Palisade.Tests.Cli;
using Palisade.Tests.TestSupport;
using Xunit;

namespace Palisade.Tests.Edge;

/// <summary>
/// One real Palisade server with device identity ON (the product default), shared by a test class; every test
/// provisions its own participant, devices and applications with the CLI against the server's data folder, as an
/// operator would, so tests do not see each other's identities.
/// </summary>
public sealed class SecuredServerFixture : IAsyncLifetime
{
    private readonly Action<PalisadeServerOptions>? _configure;
    private PalisadeServerFixture? _server;

    public SecuredServerFixture()
    {
    }

    /// <summary>Identity on plus the test's own settings (e.g. Palisade:Admission); internal: xunit needs one public constructor.</summary>
    internal SecuredServerFixture(Action<PalisadeServerOptions>? configure) => _configure = configure;

    public PalisadeServerFixture Server => _server ?? throw new InvalidOperationException("not started");

    public string Data => Server.DataDirectory;

    public async Task InitializeAsync() =>
        _server = await PalisadeServerFixture.StartAsync(o =>
        {
            o.Settings["Palisade:Identity:Enabled"] = "true";
            _configure?.Invoke(o);
        });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A fresh id (letters and digits, unique per call) with a readable prefix.</summary>
    public static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Runs a palisade CLI command in-process against the server's data folder; asserts the exit code.</summary>
    internal CliRunner.Result Cli(int expectedExit, params string[] args)
    {
        var result = CliRunner.Run([.. args, "--data", Data]);
        Assert.True(result.ExitCode == expectedExit, $"palisade {string.Join(' ', args)} exited {result.ExitCode}, expected {expectedExit}: {result.Error}{result.Output}");
        return result;
    }

    public string AddParticipant(params string[] extra)
    {
        var participant = NewId("org");
        Cli(0, ["participant", "add", participant, .. extra]);
        return participant;
    }

    /// <summary>Registers a device with a platform-issued certificate and a generated key; returns the folder holding ID.crt/ID.key/ca.crt.</summary>
    public string AddCertificateDevice(string participant, string device, params string[] extra)
    {
        var dir = Path.Combine(Path.GetTempPath(), "palisade-tests", NewId("dev"));
        Cli(0, ["device", "add", device, "--participant", participant, "--out", dir, .. extra]);
        return dir;
    }

    /// <summary>Registers an application with the given grants; returns its generated secret.</summary>
    public string AddApplication(string participant, string app, params string[] grants)
    {
        var args = new List<string> { "app", "add", app, "--participant", participant };
        foreach (var grant in grants)
        {
            args.AddRange(["--grant", grant]);
        }
        var output = Cli(0, [.. args]).Output;
        var line = output.Split('\n').Single(l => l.StartsWith("secret: ", StringComparison.Ordinal));
        return line["secret: ".Length..].Trim();
    }

    public static X509Certificate2 LoadDeviceCertificate(string dir, string device) =>
        X509Certificate2.CreateFromPemFile(Path.Combine(dir, device + ".crt"), Path.Combine(dir, device + ".key"));

    /// <summary>MQTTnet options for mutual TLS: trusts only the server's certificate and presents <paramref name="clientCertificate"/>.</summary>
    public MqttClientOptions MutualTlsOptions(string clientId, X509Certificate2? clientCertificate, MqttProtocolVersion version = MqttProtocolVersion.V500)
    {
        var validate = ServerTrust.Only(Server.CertificatePath);
        return new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", Server.TlsPort)
            .WithProtocolVersion(version)
            .WithClientId(clientId)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithTlsOptions(tls =>
            {
                tls.UseTls()
                    .WithTargetHost("127.0.0.1")
                    .WithCertificateValidationHandler(args => validate(this, args.Certificate, args.Chain, args.SslPolicyErrors));
                if (clientCertificate is not null)
                {
                    // Present the certificate whatever CA list the server advertises: trust is decided at CONNECT.
                    tls.WithClientCertificates([clientCertificate])
                        .WithCertificateSelectionHandler(_ => clientCertificate);
                }
            })
            .Build();
    }

    /// <summary>
    /// Waits (bounded: 200 × 50 ms) until the audit log holds a record matching <paramref name="match"/>; the server
    /// writes audit records in the background, so a refusal's record lands shortly after the refusal.
    /// </summary>
    internal async Task<AuditRecord> WaitForAuditAsync(Func<AuditRecord, bool> match, string what)
    {
        var data = DataFolder.Open(Data);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            using (var store = AuditStore.Open(data))
            {
                var found = store.Tail(2000).FirstOrDefault(match);
                if (found is not null)
                {
                    return found;
                }
            }
            await Task.Delay(50);
        }

        using var last = AuditStore.Open(data);
        Assert.Fail($"no audit record for {what}; last records:{Environment.NewLine}" +
            string.Join(Environment.NewLine, last.Tail(10).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Actor} {r.Action} {r.Target} {r.Outcome} {r.Reason}"))));
        throw new InvalidOperationException("unreachable");
    }
}
