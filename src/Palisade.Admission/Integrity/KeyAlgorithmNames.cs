using System.Diagnostics.CodeAnalysis;

namespace Palisade.Admission.Integrity;

/// <summary>The short names of <see cref="KeyAlgorithm"/> used by the CLI and the registry: hs256, ed25519, es256.</summary>
public static class KeyAlgorithmNames
{
    public const string HmacSha256 = "hs256";
    public const string Ed25519 = "ed25519";
    public const string EcdsaP256Sha256 = "es256";

    /// <summary>The short name of <paramref name="algorithm"/>.</summary>
    public static string ToName(this KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.HmacSha256 => HmacSha256,
        KeyAlgorithm.Ed25519 => Ed25519,
        KeyAlgorithm.EcdsaP256Sha256 => EcdsaP256Sha256,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown key algorithm"),
    };

    /// <summary>Parses a short name (exact, lower case).</summary>
    public static bool TryParse([NotNullWhen(true)] string? name, out KeyAlgorithm algorithm)
    {
        algorithm = name switch
        {
            HmacSha256 => KeyAlgorithm.HmacSha256,
            Ed25519 => KeyAlgorithm.Ed25519,
            EcdsaP256Sha256 => KeyAlgorithm.EcdsaP256Sha256,
            _ => 0,
        };
        return algorithm != 0;
    }

    /// <summary>Length in bytes of the tag the algorithm makes: 32 for HMAC-SHA256, 64 for Ed25519 and ECDSA P-256.</summary>
    public static int TagLength(this KeyAlgorithm algorithm) => algorithm == KeyAlgorithm.HmacSha256 ? 32 : 64;
}
