using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Palisade.Infrastructure.Pki;
using Palisade.Tests.Edge;
using Palisade.Tests.Infrastructure;

namespace Palisade.Tests.Cli;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // checks POSIX file modes
public sealed class IdentityCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private CliRunner.Result Run(params string[] args) => CliRunner.Run([.. args, "--data", _temp.Data]);

    [Fact]
    public void Participant_add_then_list_shows_it()
    {
        Assert.Equal(0, Run("participant", "add", "acme").ExitCode);
        var list = Run("participant", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.StartsWith("acme\tactive", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Device_add_for_an_unknown_participant_exits_2_naming_the_field_and_applies_nothing()
    {
        var result = Run("device", "add", "d1", "--participant", "acme", "--secret");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("device add: --participant 'acme': no such participant", result.Error.Trim());
        Assert.Equal("", Run("device", "list").Output);
    }

    [Fact]
    public void Device_add_with_out_writes_an_owner_only_key_and_a_certificate_that_chains_to_the_written_ca()
    {
        Run("participant", "add", "acme");
        var outDir = Path.Combine(_temp.Path, "out");
        var result = Run("device", "add", "d1", "--participant", "acme", "--out", outDir, "--validity-days", "7");
        Assert.Equal(0, result.ExitCode);

        var keyPath = Path.Combine(outDir, "d1.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        using var cert = X509Certificate2.CreateFromPemFile(Path.Combine(outDir, "d1.crt"), keyPath);
        using var ca = X509CertificateLoader.LoadCertificate(PlatformCa.PemToDer(File.ReadAllText(Path.Combine(outDir, "ca.crt"))));
        Assert.True(cert.HasPrivateKey);
        Assert.Equal("d1", cert.GetNameInfo(X509NameType.SimpleName, false));
        Assert.InRange((cert.NotAfter - DateTime.Now).TotalDays, 6.9, 7.1);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        Assert.True(chain.Build(cert));

        var show = Run("device", "show", "d1");
        Assert.Contains(CertificateFacts.Thumbprint(cert), show.Output, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_temp.Data, "ca", "ca.key")));
    }

    [Fact]
    public void Device_add_with_csr_prints_a_certificate_for_the_devices_own_key()
    {
        Run("participant", "add", "acme");
        var csrPath = Path.Combine(_temp.Path, "d1.csr");
        File.WriteAllText(csrPath, TestPki.CreateCsrPem(out var key));
        using (key)
        {
            var result = Run("device", "add", "d1", "--participant", "acme", "--csr", csrPath);
            Assert.Equal(0, result.ExitCode);
            using var cert = X509Certificate2.CreateFromPem(result.Output);
            using var certKey = cert.GetECDsaPublicKey()!;
            Assert.Equal(key.ExportSubjectPublicKeyInfo(), certKey.ExportSubjectPublicKeyInfo());
            Assert.Equal(["urn:palisade:device:acme:d1"], CertificateFacts.SubjectAltNameUris(cert));
        }
    }

    [Fact]
    public void Device_add_with_a_garbage_csr_exits_2_and_registers_nothing()
    {
        Run("participant", "add", "acme");
        var csrPath = Path.Combine(_temp.Path, "bad.csr");
        File.WriteAllText(csrPath, "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n");
        var result = Run("device", "add", "d1", "--participant", "acme", "--csr", csrPath);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"device add: --csr '{csrPath}'", result.Error, StringComparison.Ordinal);
        Assert.Equal(2, Run("device", "show", "d1").ExitCode);
    }

    [Fact]
    public void Device_secret_is_shown_once_and_only_its_hash_is_stored()
    {
        Run("participant", "add", "acme");
        var result = Run("device", "add", "m1", "--participant", "acme", "--secret");
        Assert.Equal(0, result.ExitCode);
        var secret = result.Output.Split('\n').Single(l => l.StartsWith("secret: ", StringComparison.Ordinal))["secret: ".Length..].Trim();
        Assert.StartsWith(SecretHasher.Prefix, secret, StringComparison.Ordinal);

        foreach (var file in Directory.GetFiles(_temp.Data, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(secret, File.ReadAllText(file), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(secret, Run("device", "show", "m1").Output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, Run("audit", "tail", "-n", "50").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Weak_imported_secret_is_refused_with_exit_2_and_an_audit_record()
    {
        Run("participant", "add", "acme");
        var file = Path.Combine(_temp.Path, "legacy.txt");
        File.WriteAllText(file, "admin\n");
        var result = Run("device", "add", "old-plc", "--participant", "acme", "--import-secret-file", file);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("secret refused: it is a known default or weak secret", result.Error, StringComparison.Ordinal);
        Assert.Equal(2, Run("device", "show", "old-plc").ExitCode);

        var audit = Run("audit", "search", "--action", "device.add", "--outcome", "refused");
        Assert.Contains("secret refused", audit.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\tadmin", audit.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Strong_imported_secret_is_accepted()
    {
        Run("participant", "add", "acme");
        var file = Path.Combine(_temp.Path, "legacy.txt");
        File.WriteAllText(file, "vT7#qL9x!Rm2@Wz4&Kp8\n");
        Assert.Equal(0, Run("device", "add", "old-plc", "--participant", "acme", "--import-secret-file", file).ExitCode);
        Assert.Contains("credential:  secret", Run("device", "show", "old-plc").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Revoked_device_id_cannot_be_added_again()
    {
        Run("participant", "add", "acme");
        Run("device", "add", "d1", "--participant", "acme", "--secret");
        Assert.Equal(0, Run("device", "revoke", "d1", "--reason", "stolen").ExitCode);
        Assert.Contains("state:       revoked (stolen)", Run("device", "show", "d1").Output, StringComparison.Ordinal);
        var again = Run("device", "add", "d1", "--participant", "acme", "--secret");
        Assert.Equal(2, again.ExitCode);
        Assert.StartsWith("device add: ID 'd1':", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Conflicting_credential_options_are_refused()
    {
        Run("participant", "add", "acme");
        var result = Run("device", "add", "d1", "--participant", "acme", "--secret", "--out", _temp.Path);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", Run("device", "list").Output);
    }

    [Fact]
    public void Bad_allowlist_entry_is_refused_naming_the_allow_field()
    {
        Run("participant", "add", "acme");
        var result = Run("device", "add", "d1", "--participant", "acme", "--secret", "--allow", "10.0.0.1/8");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("device add: --allow '10.0.0.1/8'", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, Run("device", "add", "d1", "--participant", "acme", "--secret", "--allow", "10.0.0.0/8", "--allow", "2001:db8::/32").ExitCode);
        Assert.Contains("10.0.0.0/8, 2001:db8::/32", Run("device", "show", "d1").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Participant_with_its_own_ca_can_register_devices_without_platform_credentials()
    {
        var (ca, key) = TestPki.CreateCa("ACME Root");
        using (ca)
        using (key)
        {
            var caFile = Path.Combine(_temp.Path, "acme-ca.pem");
            File.WriteAllText(caFile, TestPki.ToPem(ca));
            Assert.Equal(0, Run("participant", "add", "acme", "--ca", caFile).ExitCode);
            Assert.Equal(0, Run("device", "add", "plc-1", "--participant", "acme").ExitCode);
            Assert.Contains("cas=1", Run("participant", "list").Output, StringComparison.Ordinal);
            Run("participant", "add", "globex");
            var noCa = Run("device", "add", "g1", "--participant", "globex");
            Assert.Equal(2, noCa.ExitCode);
            Assert.StartsWith("device add: --participant 'globex'", noCa.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void App_add_prints_a_secret_once_with_its_grants_and_app_revoke_is_final()
    {
        Run("participant", "add", "acme");
        var added = Run("app", "add", "dash", "--participant", "acme", "--grant", "subscribe:telemetry", "--grant", "publish:commands");
        Assert.Equal(0, added.ExitCode);
        Assert.Contains("secret: pls_", added.Output, StringComparison.Ordinal);
        Assert.Contains("dash\tacme\tactive\tpublish:commands,subscribe:telemetry", Run("app", "list").Output, StringComparison.Ordinal);
        Assert.Equal(0, Run("app", "revoke", "dash").ExitCode);
        Assert.Contains("\trevoked\t", Run("app", "list").Output, StringComparison.Ordinal);
        Assert.Equal(2, Run("app", "revoke", "dash").ExitCode);
    }

    [Fact]
    public void App_with_an_unknown_right_is_refused_naming_the_grant()
    {
        Run("participant", "add", "acme");
        var result = Run("app", "add", "dash", "--participant", "acme", "--grant", "subscribe:everything");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("app add: --grant 'subscribe:everything': unknown right", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_provisioning_action_is_in_the_audit_log_and_verify_passes()
    {
        Run("participant", "add", "acme");
        Run("device", "add", "d1", "--participant", "acme", "--secret");
        Run("device", "revoke", "d1");
        var tail = Run("audit", "tail", "-n", "10");
        Assert.Contains("participant.add\tparticipant:acme\tsuccess", tail.Output, StringComparison.Ordinal);
        Assert.Contains("device.add\tdevice:d1\tsuccess", tail.Output, StringComparison.Ordinal);
        Assert.Contains("device.revoke\tdevice:d1\tsuccess", tail.Output, StringComparison.Ordinal);
        var verify = Run("audit", "verify");
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains("OK: 3 records", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_verify_exits_1_naming_the_record_edited_with_sqlite3()
    {
        Run("participant", "add", "acme");
        Run("participant", "add", "globex");
        Run("participant", "add", "initech");
        Sqlite3Tool.Run(Path.Combine(_temp.Data, "audit.db"), "DROP TRIGGER audit_records_no_update; UPDATE audit_records SET actor = 'cli:someone-else' WHERE seq = 2;");
        var verify = Run("audit", "verify");
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("FAILED at record 2", verify.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_verify_exits_1_when_the_tail_was_truncated_with_sqlite3()
    {
        Run("participant", "add", "acme");
        Run("participant", "add", "globex");
        Run("participant", "add", "initech");
        Sqlite3Tool.Run(Path.Combine(_temp.Data, "audit.db"), "DROP TRIGGER audit_records_no_delete; DELETE FROM audit_records WHERE seq = 3;");
        var verify = Run("audit", "verify");
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("FAILED at record 3", verify.Error, StringComparison.Ordinal);
        Assert.Contains("tail removed", verify.Error, StringComparison.Ordinal);
    }
}
