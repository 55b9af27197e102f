using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Palisade.Infrastructure.Pki;
using Palisade.Infrastructure.Storage;
using Palisade.Tests.Edge;

namespace Palisade.Tests.Infrastructure;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // checks POSIX file modes
public sealed class PlatformCaTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Ca_is_created_once_with_an_owner_only_key_and_reloaded_after()
    {
        var data = DataFolder.Open(_temp.Data);
        string first;
        using (var ca = PlatformCa.LoadOrCreate(data))
        {
            first = ca.Thumbprint;
            using var key = ca.Certificate.GetECDsaPublicKey();
            Assert.Equal(256, key!.KeySize);
        }

        using var again = PlatformCa.LoadOrCreate(data);
        Assert.Equal(first, again.Thumbprint);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data.CaDirectory, PlatformCa.KeyFileName)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data.CaDirectory));
    }

    [Fact]
    public void Certificate_from_csr_names_the_device_in_cn_and_urn_san_with_client_auth_only()
    {
        using var ca = PlatformCa.LoadOrCreate(DataFolder.Open(_temp.Data));
        var csr = TestPki.CreateCsrPem(out var deviceKey, "CN=admin, O=evil");
        using (deviceKey)
        {
            var now = DateTimeOffset.UtcNow;
            using var cert = ca.IssueFromCsr(csr, "acme", "press-7", TimeSpan.FromDays(30), now);

            Assert.Equal("press-7", cert.GetNameInfo(X509NameType.SimpleName, false));
            Assert.Contains("O=acme", cert.Subject, StringComparison.Ordinal);
            Assert.Equal(["urn:palisade:device:acme:press-7"], CertificateFacts.SubjectAltNameUris(cert));
            var eku = cert.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
            Assert.Equal(["1.3.6.1.5.5.7.3.2"], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
            Assert.False(cert.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
            Assert.InRange(cert.NotAfter.ToUniversalTime(), now.AddDays(30).UtcDateTime.AddSeconds(-2), now.AddDays(30).UtcDateTime.AddSeconds(2));
            using var certKey = cert.GetECDsaPublicKey()!;
            Assert.Equal(deviceKey.ExportSubjectPublicKeyInfo(), certKey.ExportSubjectPublicKeyInfo());

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.CustomTrustStore.Add(ca.Certificate);
            Assert.True(chain.Build(cert));
        }
    }

    [Fact]
    public void Csr_whose_signature_does_not_verify_is_refused()
    {
        using var ca = PlatformCa.LoadOrCreate(DataFolder.Open(_temp.Data));
        var pem = TestPki.CreateCsrPem(out var key);
        key.Dispose();
        var der = PlatformCa.PemToDer(pem.Replace("CERTIFICATE REQUEST", "CERTIFICATE", StringComparison.Ordinal));
        der[^5] ^= 0x01; // inside the signature
        var tampered = new string(PemEncoding.Write("CERTIFICATE REQUEST", der));

        Assert.ThrowsAny<CryptographicException>(() => ca.IssueFromCsr(tampered, "acme", "d1", TimeSpan.FromDays(1), DateTimeOffset.UtcNow));
    }

    [Fact]
    public void Csr_with_a_weak_rsa_key_is_refused()
    {
        using var ca = PlatformCa.LoadOrCreate(DataFolder.Open(_temp.Data));
        using var rsa = RSA.Create(1024);
        var pem = new CertificateRequest("CN=x", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequestPem();
        var ex = Assert.ThrowsAny<CryptographicException>(() => ca.IssueFromCsr(pem, "acme", "d1", TimeSpan.FromDays(1), DateTimeOffset.UtcNow));
        Assert.Contains("2048", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generated_device_key_pair_matches_its_certificate()
    {
        using var ca = PlatformCa.LoadOrCreate(DataFolder.Open(_temp.Data));
        var (cert, key) = ca.IssueWithNewKey("acme", "d2", TimeSpan.FromDays(1), DateTimeOffset.UtcNow);
        using (cert)
        using (key)
        {
            using var withKey = cert.CopyWithPrivateKey(key);
            Assert.True(withKey.HasPrivateKey);
            Assert.Equal(("acme", "d2"), CertificateFacts.DeviceName(cert)!.Value);
        }
    }
}
