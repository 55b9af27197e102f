using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;
using Palisade.Admission.Integrity;

namespace Palisade.Admission.Tests.Integrity;

public sealed class EnvelopeSignerTests
{
    private static readonly byte[] Body = "{}"u8.ToArray();

    private static bool Verifies(EnvelopeSigner signer, DeviceKey key)
    {
        var keys = new InMemoryDeviceKeyDirectory();
        keys.Set(Ctx.Device, [key]);
        var stage = new IntegrityStage(keys, IntegrityRequirement.Always);
        var props = signer.CreateUserProperties(Ctx.Topic, 3, Ctx.Now, Body);
        return stage.Evaluate(Ctx.Make(Ctx.Topic, Body, props)).Admitted;
    }

    [Fact]
    public void Hmac_key_file_in_base64url_loads()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var file = Encoding.ASCII.GetBytes(Base64Url.EncodeToString(secret) + "\n");

        using var signer = EnvelopeSigner.FromKeyFileContents("k1", KeyAlgorithm.HmacSha256, file);

        Assert.True(Verifies(signer, new DeviceKey("k1", KeyAlgorithm.HmacSha256, secret)));
    }

    [Fact]
    public void Ed25519_pkcs8_pem_key_file_loads()
    {
        using var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        var pem = key.Export(KeyBlobFormat.PkixPrivateKeyText);

        using var signer = EnvelopeSigner.FromKeyFileContents("k1", KeyAlgorithm.Ed25519, pem);

        Assert.True(Verifies(signer, new DeviceKey("k1", KeyAlgorithm.Ed25519, key.PublicKey.Export(KeyBlobFormat.RawPublicKey))));
    }

    [Fact]
    public void Es256_pkcs8_pem_key_file_loads()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = Encoding.ASCII.GetBytes(ecdsa.ExportPkcs8PrivateKeyPem());

        using var signer = EnvelopeSigner.FromKeyFileContents("k1", KeyAlgorithm.EcdsaP256Sha256, pem);

        Assert.True(Verifies(signer, new DeviceKey("k1", KeyAlgorithm.EcdsaP256Sha256, ecdsa.ExportSubjectPublicKeyInfo())));
    }

    [Fact]
    public void Es256_key_on_another_curve_is_refused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Throws<ArgumentException>(() => EnvelopeSigner.CreateEcdsaP256("k1", p384));
        Assert.Throws<ArgumentException>(() => new DeviceKey("k1", KeyAlgorithm.EcdsaP256Sha256, p384.ExportSubjectPublicKeyInfo()));
    }

    [Theory]
    [InlineData(KeyAlgorithm.HmacSha256, 31)]
    [InlineData(KeyAlgorithm.Ed25519, 33)]
    [InlineData(KeyAlgorithm.EcdsaP256Sha256, 65)]
    public void Device_key_with_invalid_material_is_refused_when_made(KeyAlgorithm algorithm, int length)
    {
        Assert.Throws<ArgumentException>(() => new DeviceKey("k1", algorithm, new byte[length]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("ключ")]
    public void Invalid_key_id_is_refused_by_signer_and_key(string keyId)
    {
        Assert.Throws<ArgumentException>(() => EnvelopeSigner.CreateHmacSha256(keyId, new byte[32]));
        Assert.Throws<ArgumentException>(() => new DeviceKey(keyId, KeyAlgorithm.HmacSha256, new byte[32]));
    }

    [Fact]
    public void Write_prefixed_payload_into_a_caller_buffer_matches_the_allocating_form()
    {
        using var signer = EnvelopeSigner.CreateHmacSha256("dev-key.1", new byte[32]);
        var buffer = new byte[signer.PrefixLength + Body.Length + 10];

        var written = signer.WritePrefixedPayload(buffer, Ctx.Topic, 9, 1234, Body);

        Assert.Equal(signer.CreatePrefixedPayload(Ctx.Topic, 9, 1234, Body), buffer[..written]);
    }

    [Fact]
    public void Signer_refuses_sequence_zero_and_out_of_range_timestamps()
    {
        using var signer = EnvelopeSigner.CreateHmacSha256("k1", new byte[32]);

        Assert.Throws<ArgumentOutOfRangeException>(() => signer.CreateUserProperties(Ctx.Topic, 0, 1L, Body));
        Assert.Throws<ArgumentOutOfRangeException>(() => signer.CreateUserProperties(Ctx.Topic, 1, -1L, Body));
        Assert.Throws<ArgumentOutOfRangeException>(() => signer.CreateUserProperties(Ctx.Topic, 1, EnvelopeFormat.MaxTimestamp + 1, Body));
    }
}
