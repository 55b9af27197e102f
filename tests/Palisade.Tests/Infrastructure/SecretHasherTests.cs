using System.Text;
using Palisade.Infrastructure.Pki;

namespace Palisade.Tests.Infrastructure;

public sealed class SecretHasherTests
{
    [Fact]
    public void Generated_secrets_carry_256_random_bits_and_never_repeat()
    {
        var secrets = Enumerable.Range(0, 50).Select(_ => SecretHasher.Generate()).ToList();
        Assert.Equal(50, secrets.Distinct(StringComparer.Ordinal).Count());
        Assert.All(secrets, s =>
        {
            Assert.StartsWith(SecretHasher.Prefix, s, StringComparison.Ordinal);
            Assert.Equal(43, s.Length - SecretHasher.Prefix.Length); // base64url of 32 bytes
        });
    }

    [Fact]
    public void Hash_uses_at_least_210000_pbkdf2_iterations_and_a_fresh_salt()
    {
        var secret = SecretHasher.Generate();
        var a = SecretHasher.Hash(secret);
        var b = SecretHasher.Hash(secret);
        Assert.True(a.Iterations >= 210_000);
        Assert.NotEqual(a.Salt, b.Salt);
        Assert.NotEqual(a.Hash, b.Hash);
        Assert.True(SecretHasher.Verify(a, Encoding.UTF8.GetBytes(secret)));
        Assert.True(SecretHasher.Verify(b, Encoding.UTF8.GetBytes(secret)));
    }

    [Fact]
    public void Wrong_secret_does_not_verify()
    {
        var hash = SecretHasher.Hash("pls_correct-horse", iterations: 1000);
        Assert.False(SecretHasher.Verify(hash, "pls_correct-horsf"u8));
        Assert.False(SecretHasher.Verify(hash, ""u8));
        Assert.True(SecretHasher.Verify(hash, "pls_correct-horse"u8));
    }
}
