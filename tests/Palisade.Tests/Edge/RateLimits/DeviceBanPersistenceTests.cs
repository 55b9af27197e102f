using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using Palisade.Admission.RateLimiting;
using Palisade.Tests.TestSupport;

namespace Palisade.Tests.Edge.RateLimits;

/// <summary>A device ban outlives a restart of the real host: the banned device is still refused 0x8A after it.</summary>
public sealed class DeviceBanPersistenceTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "palisade-ban-host-" + Guid.NewGuid().ToString("N"));

    private string DataDirectory => Path.Combine(_root, "data");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private Task<PalisadeServerFixture> StartAsync() => PalisadeServerFixture.StartAsync(o =>
    {
        o.DataDirectory = DataDirectory;
        o.Settings["Palisade:Identity:Enabled"] = "true";
    });

    private static async Task<MqttClientConnectResultCode> ConnectAsync(PalisadeServerFixture server, string device, string certificateFolder, CancellationToken cancellationToken)
    {
        using var certificate = SecuredServerFixture.LoadDeviceCertificate(certificateFolder, device);
        var validate = ServerTrust.Only(server.CertificatePath);
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", server.TlsPort)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithClientId(device)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithTlsOptions(tls => tls.UseTls()
                .WithTargetHost("127.0.0.1")
                .WithCertificateValidationHandler(args => validate(server, args.Certificate, args.Chain, args.SslPolicyErrors))
                .WithClientCertificates([certificate])
                .WithCertificateSelectionHandler(_ => certificate))
            .Build();
        using var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(options, cancellationToken);
        if (client.IsConnected)
        {
            await client.DisconnectAsync(cancellationToken: cancellationToken);
        }

        return result.ResultCode;
    }

    [Fact]
    public async Task Banned_device_is_still_refused_0x8A_after_a_restart_of_the_host()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var org = SecuredServerFixture.NewId("org");
        var device = SecuredServerFixture.NewId("plc");
        var other = SecuredServerFixture.NewId("plc");
        var folder = Path.Combine(_root, "certs");
        string Cli(params string[] args)
        {
            var result = Palisade.Tests.Cli.CliRunner.Run([.. args, "--data", DataDirectory]);
            Assert.True(result.ExitCode == 0, $"palisade {string.Join(' ', args)}: {result.Error}{result.Output}");
            return result.Output;
        }

        await using (var server = await StartAsync())
        {
            Cli("participant", "add", org);
            Cli("device", "add", device, "--participant", org, "--out", folder);
            Cli("device", "add", other, "--participant", org, "--out", folder);
            Assert.Equal(MqttClientConnectResultCode.Success, await ConnectAsync(server, device, folder, timeout.Token));

            // The flapping ban itself is tested end to end elsewhere (AdmissionEndToEndTests); here it is made directly.
            var (duration, _) = server.Services.GetRequiredService<RateLimitStage>().Bans.Ban(device);
            Assert.Equal(TimeSpan.FromSeconds(60), duration);
            Assert.Equal(MqttClientConnectResultCode.Banned, await ConnectAsync(server, device, folder, timeout.Token));
            await server.StopAsync();
        }

        await using var restarted = await StartAsync();

        Assert.Equal(MqttClientConnectResultCode.Banned, await ConnectAsync(restarted, device, folder, timeout.Token));
        Assert.Equal(MqttClientConnectResultCode.Success, await ConnectAsync(restarted, other, folder, timeout.Token));
        var bans = restarted.Services.GetRequiredService<RateLimitStage>().Bans;
        Assert.True(bans.IsBanned(device, out var remaining));
        Assert.InRange(remaining, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
    }
}
