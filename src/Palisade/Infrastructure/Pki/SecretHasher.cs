using System.Security.Cryptography;
using System.Text;

namespace Palisade.Infrastructure.Pki;

/// <summary>
/// Generates device and application secrets and keeps only salted slow hashes of them.
/// PBKDF2-HMAC-SHA256 (<see cref="Rfc2898DeriveBytes.Pbkdf2(ReadOnlySpan{byte}, ReadOnlySpan{byte}, int, HashAlgorithmName, int)"/>)
/// with 210,000 iterations (OWASP 2023 figure) rather than Argon2id: it is in the framework (no third-party code in
/// the credential path, FIPS-approved), and the secrets it protects are machine-generated with 256 bits of entropy,
/// so memory-hardness — which matters for human-chosen passwords — buys little here. The iteration count is stored
/// with each hash, so it can be raised later without invalidating existing secrets.
/// </summary>
internal static class SecretHasher
{
    public const int DefaultIterations = 210_000;
    public const int SecretBytes = 32;
    public const string Prefix = "pls_";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // Verifying against this when the id is unknown keeps the refusal as slow as a wrong secret (no id probing by timing).
    private static readonly SecretHash Decoy = new(new byte[SaltBytes], new byte[HashBytes], DefaultIterations);

    /// <summary>A new secret: "pls_" + 256 random bits, base64url. Shown once, never stored.</summary>
    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[SecretBytes];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            var secret = Prefix + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            CryptographicOperations.ZeroMemory(bytes);

            // About 1 draw in 2,000 holds a run like "abcd" or "xxxx", which the weak-secret policy refuses in secrets
            // people choose. Drawing again costs nothing and keeps a generated secret acceptable wherever it is checked.
            if (Edge.Identity.WeakSecretPolicy.LongestRun(secret) < 4)
            {
                return secret;
            }
        }
    }

    public static SecretHash Hash(string secret, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var input = Encoding.UTF8.GetBytes(secret);
        try
        {
            return new SecretHash(salt, Rfc2898DeriveBytes.Pbkdf2(input, salt, iterations, HashAlgorithmName.SHA256, HashBytes), iterations);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }

    /// <summary>Constant-time check of <paramref name="presented"/> (UTF-8 bytes, as MQTT carries the password).</summary>
    public static bool Verify(SecretHash stored, ReadOnlySpan<byte> presented)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.Iterations < 1 || stored.Hash.Length == 0)
        {
            return false;
        }

        Span<byte> derived = stackalloc byte[HashBytes];
        if (stored.Hash.Length != HashBytes)
        {
            return false;
        }

        Rfc2898DeriveBytes.Pbkdf2(presented, stored.Salt, derived, stored.Iterations, HashAlgorithmName.SHA256);
        var equal = CryptographicOperations.FixedTimeEquals(derived, stored.Hash);
        CryptographicOperations.ZeroMemory(derived);
        return equal;
    }

    /// <summary>Spends the same work as <see cref="Verify"/> and returns false.</summary>
    public static bool VerifyDecoy(ReadOnlySpan<byte> presented)
    {
        _ = Verify(Decoy, presented);
        return false;
    }
}
