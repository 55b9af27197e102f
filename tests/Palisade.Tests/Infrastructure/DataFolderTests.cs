using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Palisade.Edge.Transport;
using Palisade.Hosting;
using Palisade.Tests.TestSupport;

namespace Palisade.Tests.Infrastructure;

// Unix permissions are what these tests check; CI runs on Linux.
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataFolderTests
{
    [Fact]
    public async Task First_start_creates_the_data_folder_owner_only_with_a_0600_private_key()
    {
        await using var server = await PalisadeServerFixture.StartAsync(o => o.WithEchoServer(new EchoMqttServer()));

        Assert.True(Directory.Exists(server.DataDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(server.DataDirectory));
        var keyPath = Path.Combine(server.DataDirectory, "server.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", await File.ReadAllTextAsync(keyPath), StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", await File.ReadAllTextAsync(server.CertificatePath), StringComparison.Ordinal);
        // No temporary files left behind by the atomic writes.
        Assert.DoesNotContain(Directory.GetFiles(server.DataDirectory), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Generated_certificate_is_ECDSA_P256_for_localhost_and_loopback_addresses_and_not_a_CA()
    {
        await using var server = await PalisadeServerFixture.StartAsync(o => o.WithEchoServer(new EchoMqttServer()));

        using var certificate = server.ServerCertificate;
        using var key = certificate.GetECDsaPublicKey();
        Assert.NotNull(key);
        Assert.Equal(256, key.KeySize);
        // DER of OID 1.2.840.10045.3.1.7 (prime256v1 / P-256) in the SubjectPublicKeyInfo parameters.
        Assert.Equal(Convert.FromHexString("06082A8648CE3D030107"), certificate.PublicKey.EncodedParameters!.RawData);
        Assert.True(certificate.MatchesHostname("localhost"));
        Assert.True(certificate.MatchesHostname("127.0.0.1"));
        Assert.True(certificate.MatchesHostname("::1"));
        Assert.False(certificate.MatchesHostname("example.com"));
        var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.False(constraints.CertificateAuthority);
        Assert.Contains(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>(),
            oid => oid.Value == "1.3.6.1.5.5.7.3.1");
        Assert.True(certificate.NotAfter > DateTime.Now.AddDays(365));
    }

    [Fact]
    public async Task Configured_host_names_are_added_to_the_generated_certificate()
    {
        await using var server = await PalisadeServerFixture.StartAsync(o =>
        {
            o.WithEchoServer(new EchoMqttServer());
            o.Settings["Palisade:Tls:HostNames:0"] = "broker.plant.example";
            o.Settings["Palisade:Tls:HostNames:1"] = "10.1.2.3";
        });

        using var certificate = server.ServerCertificate;
        Assert.True(certificate.MatchesHostname("broker.plant.example"));
        Assert.True(certificate.MatchesHostname("10.1.2.3"));
        Assert.True(certificate.MatchesHostname("localhost"));
    }

    [Fact]
    public async Task Key_and_certificate_are_reused_across_restarts()
    {
        await using var first = await PalisadeServerFixture.StartAsync(o => o.WithEchoServer(new EchoMqttServer()));
        var key = await File.ReadAllTextAsync(Path.Combine(first.DataDirectory, "server.key"));
        var thumbprint = first.ServerCertificate.Thumbprint;
        await first.StopAsync();

        await using (var second = await PalisadeServerFixture.StartAsync(o =>
        {
            o.WithEchoServer(new EchoMqttServer());
            o.DataDirectory = first.DataDirectory;
        }))
        {
            Assert.Equal(thumbprint, second.ServerCertificate.Thumbprint);
            Assert.Equal(key, await File.ReadAllTextAsync(Path.Combine(second.DataDirectory, "server.key")));
            await second.WaitForLogAsync(l => l.EventId.Id == 1103, TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public async Task Deleted_certificate_is_reissued_from_the_kept_key()
    {
        await using var first = await PalisadeServerFixture.StartAsync(o => o.WithEchoServer(new EchoMqttServer()));
        using var original = first.ServerCertificate;
        await first.StopAsync();
        File.Delete(first.CertificatePath);

        await using var second = await PalisadeServerFixture.StartAsync(o =>
        {
            o.WithEchoServer(new EchoMqttServer());
            o.DataDirectory = first.DataDirectory;
        });
        using var reissued = second.ServerCertificate;
        Assert.NotEqual(original.Thumbprint, reissued.Thumbprint);
        Assert.Equal(original.GetPublicKeyString(), reissued.GetPublicKeyString());
    }

    [Fact]
    public async Task Certificate_without_its_key_refuses_to_start_and_says_what_to_do()
    {
        await using var first = await PalisadeServerFixture.StartAsync(o => o.WithEchoServer(new EchoMqttServer()));
        await first.StopAsync();
        File.Delete(Path.Combine(first.DataDirectory, "server.key"));

        var error = await Assert.ThrowsAsync<PalisadeConfigurationException>(() => PalisadeServerFixture.StartAsync(o =>
        {
            o.WithEchoServer(new EchoMqttServer());
            o.DataDirectory = first.DataDirectory;
        }));
        Assert.Contains("server.key", error.Message, StringComparison.Ordinal);
        Assert.Contains("delete", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Existing_data_folder_open_to_others_is_reported()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "palisade-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(dataDirectory, (UnixFileMode)Convert.ToInt32("755", 8));
        try
        {
            await using var server = await PalisadeServerFixture.StartAsync(o =>
            {
                o.WithEchoServer(new EchoMqttServer());
                o.DataDirectory = dataDirectory;
            });
            var warning = await server.WaitForLogAsync(l => l.EventId.Id == 1101, TimeSpan.FromSeconds(5));
            Assert.Contains("chmod 700", warning.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Ports_file_lists_every_bound_listener_and_is_removed_at_stop()
    {
        await using var server = await PalisadeServerFixture.StartAsync(o => o.WithEchoServer(new EchoMqttServer()).WithPlainTcp());
        var path = Path.Combine(server.DataDirectory, BoundPortsReporter.FileName);

        using (var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(path)))
        {
            Assert.Equal(server.TlsPort, json.RootElement.GetProperty("tls").GetProperty("port").GetInt32());
            Assert.Equal(server.WebSocketPort, json.RootElement.GetProperty("ws").GetProperty("port").GetInt32());
            Assert.Equal(server.PlainTcpPort, json.RootElement.GetProperty("tcp").GetProperty("port").GetInt32());
            Assert.Equal(server.HttpPort, json.RootElement.GetProperty("http").GetProperty("port").GetInt32());
            Assert.Equal("127.0.0.1", json.RootElement.GetProperty("tls").GetProperty("address").GetString());
            Assert.NotEqual(0, server.TlsPort);
        }

        await server.StopAsync();
        Assert.False(File.Exists(path));
    }
}
