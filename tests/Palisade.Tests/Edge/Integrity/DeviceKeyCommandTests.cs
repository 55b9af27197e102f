using System.Security.Cryptography;
using System.Text;
using Palisade.Admission.Integrity;
using Palisade.Admission.Pipeline;
using Palisade.Edge.Integrity;
using Palisade.Infrastructure.Storage;
using Palisade.Mqtt.Packets;
using Palisade.Tests.Cli;
using Palisade.Tests.Infrastructure;

namespace Palisade.Tests.Edge.Integrity;

/// <summary><c>palisade device key add|rotate|list|retire</c> and <c>device add --class</c> against a real temp data folder.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // checks POSIX file modes
public sealed class DeviceKeyCommandTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const string Topic = "p/acme/d/d1/telemetry/temp";
    private static readonly byte[] Body = "{\"t\":20.5}"u8.ToArray();
    private readonly TempDirectory _temp = new();

    public DeviceKeyCommandTests()
    {
        Assert.Equal(0, Run("participant", "add", "acme").ExitCode);
        Assert.Equal(0, Run("participant", "add", "other").ExitCode);
        Assert.Equal(0, Run("device", "add", "d1", "--participant", "acme", "--secret").ExitCode);
    }

    public void Dispose() => _temp.Dispose();

    private string Out => Path.Combine(_temp.Path, "keys");

    private CliRunner.Result Run(params string[] args) => CliRunner.Run([.. args, "--data", _temp.Data]);

    private RegistryStore OpenRegistry() => RegistryStore.Open(DataFolder.Open(_temp.Data));

    /// <summary>Verifies a message signed with <paramref name="signer"/> through a DeviceKeyStore over the registry, at <paramref name="now"/>.</summary>
    private StageVerdict Admit(EnvelopeSigner signer, DateTimeOffset now, bool prefix = false)
    {
        using var registry = OpenRegistry();
        using var store = new DeviceKeyStore(registry, TimeProvider.System);
        var stage = new IntegrityStage(store, IntegrityRequirement.Always);
        var packet = prefix
            ? new PublishPacket { Topic = Topic, Payload = signer.CreatePrefixedPayload(Topic, 1, now, Body) }
            : new PublishPacket { Topic = Topic, Payload = Body, UserProperties = signer.CreateUserProperties(Topic, 1, now, Body) };
        return stage.Evaluate(new AdmissionContext(packet, "d1", "acme", now) { IsV5 = !prefix });
    }

    [Fact]
    public void Hs256_key_add_writes_an_owner_only_secret_file_that_signs_verifiable_messages_and_never_prints_it()
    {
        var result = Run("device", "key", "add", "d1", "--participant", "acme", "--alg", "hs256", "--out", Out);

        Assert.Equal(0, result.ExitCode);
        var keyPath = Path.Combine(Out, "k1.key");
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(keyPath));
        var secretText = File.ReadAllText(keyPath).Trim();
        Assert.Equal(43, secretText.Length);
        Assert.DoesNotContain(secretText, result.Output + result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(secretText, Run("device", "key", "list", "d1", "--participant", "acme").Output, StringComparison.Ordinal);
        Assert.DoesNotContain(secretText, Run("device", "show", "d1").Output, StringComparison.Ordinal);
        Assert.DoesNotContain(secretText, Run("audit", "tail", "-n", "50").Output, StringComparison.Ordinal);

        using var signer = EnvelopeSigner.FromKeyFile(keyPath);
        Assert.Equal(("k1", KeyAlgorithm.HmacSha256), (signer.KeyId, signer.Algorithm));
        Assert.True(Admit(signer, DateTimeOffset.UtcNow).Admitted);
        Assert.True(Admit(signer, DateTimeOffset.UtcNow, prefix: true).Admitted);
    }

    [Theory]
    [InlineData("ed25519", KeyAlgorithm.Ed25519)]
    [InlineData("es256", KeyAlgorithm.EcdsaP256Sha256)]
    public void Generated_key_pair_writes_an_owner_only_private_key_and_verifies(string alg, KeyAlgorithm algorithm)
    {
        Assert.Equal(0, Run("device", "key", "add", "d1", "--participant", "acme", "--alg", alg, "--out", Out).ExitCode);

        var keyPath = Path.Combine(Out, "k1.key");
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(keyPath));
        Assert.Contains("PUBLIC KEY", File.ReadAllText(Path.Combine(Out, "k1.pub")), StringComparison.Ordinal);
        using var signer = EnvelopeSigner.FromKeyFile("k1", algorithm, keyPath);
        Assert.True(Admit(signer, DateTimeOffset.UtcNow).Admitted);
        using var detected = EnvelopeSigner.FromKeyFile(keyPath);
        Assert.Equal(("k1", algorithm), (detected.KeyId, detected.Algorithm));
        Assert.True(Admit(detected, DateTimeOffset.UtcNow, prefix: true).Admitted);
        var list = Run("device", "key", "list", "d1", "--participant", "acme").Output;
        Assert.Matches($"^k1\t{alg}\tactive\tcreated [^\t]+\tsha256:[0-9a-f]{{32}}\n$", list);
    }

    [Fact]
    public void Es256_key_from_the_devices_public_key_verifies_its_signatures()
    {
        using var deviceKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pubPath = Path.Combine(_temp.Path, "device.pub");
        File.WriteAllText(pubPath, deviceKey.ExportSubjectPublicKeyInfoPem());

        var result = Run("device", "key", "add", "d1", "--participant", "acme", "--alg", "es256", "--public-key", pubPath, "--kid", "plant-a.1");

        Assert.Equal(0, result.ExitCode);
        using var signer = EnvelopeSigner.CreateEcdsaP256("plant-a.1", deviceKey);
        Assert.True(Admit(signer, DateTimeOffset.UtcNow).Admitted);
    }

    [Fact]
    public void Ed25519_key_from_32_raw_public_key_bytes_verifies_its_signatures()
    {
        using var deviceKey = NSec.Cryptography.Key.Create(NSec.Cryptography.SignatureAlgorithm.Ed25519,
            new NSec.Cryptography.KeyCreationParameters { ExportPolicy = NSec.Cryptography.KeyExportPolicies.AllowPlaintextExport });
        var pubPath = Path.Combine(_temp.Path, "device.raw");
        File.WriteAllBytes(pubPath, deviceKey.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.RawPublicKey));

        Assert.Equal(0, Run("device", "key", "add", "d1", "--participant", "acme", "--alg", "ed25519", "--public-key", pubPath).ExitCode);

        using var signer = EnvelopeSigner.CreateEd25519("k1", deviceKey.Export(NSec.Cryptography.KeyBlobFormat.RawPrivateKey));
        Assert.True(Admit(signer, DateTimeOffset.UtcNow).Admitted);
    }

    [Fact]
    public void Rotate_keeps_the_previous_key_accepted_for_the_grace_period_only()
    {
        Run("device", "key", "add", "d1", "--participant", "acme", "--alg", "hs256", "--out", Out);
        var rotated = Run("device", "key", "rotate", "d1", "--participant", "acme", "--alg", "hs256", "--out", Out, "--grace", "7d");
        Assert.Equal(0, rotated.ExitCode);

        using var oldKey = EnvelopeSigner.FromKeyFile("k1", KeyAlgorithm.HmacSha256, Path.Combine(Out, "k1.key"));
        using var newKey = EnvelopeSigner.FromKeyFile("k2", KeyAlgorithm.HmacSha256, Path.Combine(Out, "k2.key"));
        var now = DateTimeOffset.UtcNow;
        Assert.True(Admit(oldKey, now.AddDays(6)).Admitted);
        var late = Admit(oldKey, now.AddDays(7).AddMinutes(1));
        Assert.Equal(IntegrityRefusals.UnknownKey, late.Refusal);
        Assert.True(Admit(newKey, now.AddDays(30)).Admitted);

        var list = Run("device", "key", "list", "d1", "--participant", "acme").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("k1\ths256\tretiring until ", list[0], StringComparison.Ordinal);
        Assert.StartsWith("k2\ths256\tactive\t", list[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Rotate_with_zero_grace_retires_the_previous_key_at_once()
    {
        Run("device", "key", "add", "d1", "--participant", "acme", "--alg", "hs256", "--out", Out);
        Assert.Equal(0, Run("device", "key", "rotate", "d1", "--participant", "acme", "--alg", "ed25519", "--out", Out, "--grace", "0").ExitCode);

        using var oldKey = EnvelopeSigner.FromKeyFile("k1", KeyAlgorithm.HmacSha256, Path.Combine(Out, "k1.key"));
        Assert.Equal(IntegrityRefusals.UnknownKey, Admit(oldKey, DateTimeOffset.UtcNow).Refusal);
        Assert.StartsWith("k1\ths256\tretired\t", Run("device", "key", "list", "d1", "--participant", "acme").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Rotate_without_an_active_key_is_refused()
    {
        var result = Run("device", "key", "rotate", "d1", "--participant", "acme", "--alg", "hs256", "--out", Out);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("device key rotate: DEVICE 'd1': has no active key to rotate; use 'device key add'", result.Error.Trim());
        Assert.False(File.Exists(Path.Combine(Out, "k1.key")));
    }

    [Fact]
    public void Retire_refuses_the_key_at_once_and_a_second_retire_exits_2()
    {
        Run("device", "key", "add", "d1", "--participant", "acme", "--alg", "hs256", "--out", Out);
        Assert.Equal(0, Run("device", "key", "retire", "d1", "k1").ExitCode);

        using var signer = EnvelopeSigner.FromKeyFile("k1", KeyAlgorithm.HmacSha256, Path.Combine(Out, "k1.key"));
        Assert.Equal(IntegrityRefusals.UnknownKey, Admit(signer, DateTimeOffset.UtcNow).Refusal);
        var again = Run("device", "key", "retire", "d1", "k1");
        Assert.Equal(2, again.ExitCode);
        Assert.Equal("device key retire: KID 'k1': key is already retired", again.Error.Trim());
    }

    [Fact]
    public void Key_ids_are_never_reused_for_a_device()
    {
        Run("device", "key", "add", "d1", "--participant", "acme", "--alg", "hs256", "--out", Out);
        Run("device", "key", "retire", "d1", "k1");
        Assert.Equal(0, Run("device", "key", "add", "d1", "--participant", "acme", "--alg", "hs256", "--out", Out).ExitCode);
        Assert.True(File.Exists(Path.Combine(Out, "k2.key")));

        var result = Run("device", "key", "add", "d1", "--participant", "acme", "--alg", "hs256", "--out", Out, "--kid", "k1");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("device key add: --kid 'k1': ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--alg 'rsa': must be hs256, ed25519 or es256", "d1", "acme", "rsa")]
    [InlineData("--participant 'other': device 'd1' belongs to another participant", "d1", "other", "hs256")]
    [InlineData("DEVICE 'nope': no such device", "nope", "acme", "hs256")]
    public void Bad_request_exits_2_naming_the_option_applies_nothing_and_is_audited(string message, string device, string participant, string alg)
    {
        var result = Run("device", "key", "add", device, "--participant", participant, "--alg", alg, "--out", Out);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("device key add: " + message, result.Error.Trim());
        Assert.False(Directory.Exists(Out) && Directory.EnumerateFiles(Out).Any());
        Assert.Equal("", Run("device", "key", "list", "d1", "--participant", "acme").Output);
        Assert.Contains(message, Run("audit", "search", "--action", "device.key.add", "--outcome", "refused").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Hs256_without_out_and_with_public_key_are_refused()
    {
        var noOut = Run("device", "key", "add", "d1", "--participant", "acme", "--alg", "hs256");
        Assert.Equal(2, noOut.ExitCode);
        Assert.StartsWith("device key add: --out: required for hs256", noOut.Error, StringComparison.Ordinal);

        var pub = Path.Combine(_temp.Path, "x.pub");
        File.WriteAllBytes(pub, new byte[32]);
        var withPub = Run("device", "key", "add", "d1", "--participant", "acme", "--alg", "hs256", "--public-key", pub);
        Assert.Equal(2, withPub.ExitCode);
        Assert.StartsWith($"device key add: --public-key '{pub}': does not apply to hs256", withPub.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Public_key_that_is_not_a_p256_key_is_refused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var pub = Path.Combine(_temp.Path, "p384.pub");
        File.WriteAllText(pub, p384.ExportSubjectPublicKeyInfoPem());

        var result = Run("device", "key", "add", "d1", "--participant", "acme", "--alg", "es256", "--public-key", pub);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"device key add: --public-key '{pub}': the ECDSA key is not on P-256", result.Error.Trim());
    }

    [Fact]
    public void Existing_key_file_in_out_is_never_overwritten_and_nothing_is_registered()
    {
        Directory.CreateDirectory(Out);
        File.WriteAllText(Path.Combine(Out, "k1.key"), "precious");

        var result = Run("device", "key", "add", "d1", "--participant", "acme", "--alg", "ed25519", "--out", Out);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("precious", File.ReadAllText(Path.Combine(Out, "k1.key")));
        Assert.False(File.Exists(Path.Combine(Out, "k1.pub")));
        Assert.Equal("", Run("device", "key", "list", "d1", "--participant", "acme").Output);
    }

    [Theory]
    [InlineData("7", "--grace '7': must be a number with d, h, m or s")]
    [InlineData("400d", "--grace '400d': at most 365d")]
    public void Bad_grace_is_refused(string grace, string message)
    {
        Run("device", "key", "add", "d1", "--participant", "acme", "--alg", "hs256", "--out", Out);

        var result = Run("device", "key", "rotate", "d1", "--participant", "acme", "--alg", "hs256", "--out", Out, "--grace", grace);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("device key rotate: " + message, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Out, "k2.key")));
    }

    [Fact]
    public void Every_key_change_is_audited()
    {
        Run("device", "key", "add", "d1", "--participant", "acme", "--alg", "hs256", "--out", Out);
        Run("device", "key", "rotate", "d1", "--participant", "acme", "--alg", "es256", "--out", Out, "--grace", "1h");
        Run("device", "key", "retire", "d1", "k1");

        var add = Run("audit", "search", "--action", "device.key.add", "--outcome", "success").Output;
        var rotate = Run("audit", "search", "--action", "device.key.rotate", "--outcome", "success").Output;
        var retire = Run("audit", "search", "--action", "device.key.retire", "--outcome", "success").Output;
        Assert.Contains("key k1 hs256", add, StringComparison.Ordinal);
        Assert.Contains("key k2 es256 sha256:", rotate, StringComparison.Ordinal);
        Assert.Contains("previous k1 retiring until", rotate, StringComparison.Ordinal);
        Assert.Contains("key k1 hs256 retired", retire, StringComparison.Ordinal);
        Assert.Equal(0, Run("audit", "verify").ExitCode);
    }

    [Fact]
    public void Device_class_is_recorded_shown_and_offered_to_admission()
    {
        Assert.Equal(0, Run("device", "add", "plc-1", "--participant", "acme", "--secret", "--class", "plc").ExitCode);

        Assert.Contains("class:       plc", Run("device", "show", "plc-1").Output, StringComparison.Ordinal);
        using var registry = OpenRegistry();
        using var store = new DeviceKeyStore(registry, TimeProvider.System);
        Assert.Equal("plc", store.DeviceClassOf("plc-1"));
        Assert.Null(store.DeviceClassOf("d1"));

        var bad = Run("device", "add", "plc-2", "--participant", "acme", "--secret", "--class", "p l c");
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith("device add: --class 'p l c': ", bad.Error, StringComparison.Ordinal);
        Assert.Equal(2, Run("device", "show", "plc-2").ExitCode);
    }

    [Fact]
    public void Key_added_by_the_cli_is_seen_by_a_running_store_within_a_second()
    {
        using var registry = OpenRegistry();
        using var store = new DeviceKeyStore(registry, TimeProvider.System, TimeSpan.FromMilliseconds(100));
        Assert.Empty(store.KeysOf("d1"));

        // A separate registry connection, as a CLI process would have.
        Assert.Equal(0, Run("device", "key", "add", "d1", "--participant", "acme", "--alg", "hs256", "--out", Out).ExitCode);

        var seen = SpinWait.SpinUntil(() => store.KeysOf("d1").Count == 1, TimeSpan.FromSeconds(1));
        Assert.True(seen, "the store did not see the new key within 1 s");
        Assert.Equal("k1", store.KeysOf("d1")[0].KeyId);

        Assert.Equal(0, Run("device", "key", "retire", "d1", "k1").ExitCode);
        Assert.True(SpinWait.SpinUntil(() => store.KeysOf("d1")[0].State == DeviceKeyState.Retired, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Store_keeps_imported_keys_across_reloads_and_drops_keys_of_revoked_devices()
    {
        Run("device", "key", "add", "d1", "--participant", "acme", "--alg", "es256", "--out", Out);
        using var registry = OpenRegistry();
        using var store = new DeviceKeyStore(registry, TimeProvider.System, TimeSpan.FromHours(1));
        var before = store.KeysOf("d1")[0];

        Run("device", "add", "d2", "--participant", "acme", "--secret");
        Assert.True(store.RefreshIfChanged());
        Assert.Same(before, store.KeysOf("d1")[0]);
        Assert.False(store.RefreshIfChanged());

        Run("device", "revoke", "d1");
        Assert.True(store.RefreshIfChanged());
        Assert.Empty(store.KeysOf("d1"));
    }
}
