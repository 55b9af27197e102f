using System.Security.Cryptography;
using NSec.Cryptography;

namespace Palisade.Admission.Integrity;

/// <summary>
/// Checks a tag against the tag input for one key. Made once per <see cref="DeviceKey"/> (the public key is imported
/// once, not per message) and shared by all connections, so every implementation is thread-safe.
/// </summary>
internal abstract class TagVerifier
{
    public abstract KeyAlgorithm Algorithm { get; }

    /// <summary>True when <paramref name="tag"/> is the right tag for <paramref name="input"/>. Never throws for bad tags.</summary>
    public abstract bool Verify(ReadOnlySpan<byte> input, ReadOnlySpan<byte> tag);

    /// <summary>Imports <paramref name="material"/> for <paramref name="algorithm"/>; throws <see cref="ArgumentException"/> when it is not a valid key.</summary>
    public static TagVerifier Create(KeyAlgorithm algorithm, ReadOnlySpan<byte> material) => algorithm switch
    {
        KeyAlgorithm.HmacSha256 => new HmacSha256Verifier(material),
        KeyAlgorithm.Ed25519 => new Ed25519Verifier(material),
        KeyAlgorithm.EcdsaP256Sha256 => new EcdsaP256Verifier(material),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown key algorithm"),
    };
}

/// <summary>
/// HMAC-SHA256 over the tag input with the device's 32-byte secret; full 32-byte tag compared in constant time.
/// Keying HMAC (two extra SHA-256 blocks and the native context set-up) costs more than the message itself, so the
/// key is processed once per key: as precomputed inner/outer SHA-256 states on OpenSSL's low-level SHA-256
/// (<see cref="HmacSha256Midstate"/>: no lock, ~4x cheaper per tag in the issue 5 benchmark) or, where libcrypto does
/// not offer those functions, one keyed <see cref="System.Security.Cryptography.IncrementalHash"/> reset after each tag
/// under a lock (one device's publishes come from one connection, so it is uncontended in practice).
/// </summary>
internal sealed class HmacSha256Verifier : TagVerifier
{
    public const int SecretLength = 32;
    private readonly HmacSha256Midstate? _midstate;
    private readonly System.Security.Cryptography.IncrementalHash? _hmac;
    private readonly Lock _gate = new();

    public HmacSha256Verifier(ReadOnlySpan<byte> secret)
        : this(secret, useMidstate: true)
    {
    }

    /// <param name="secret">The device secret.</param>
    /// <param name="useMidstate">False forces the <see cref="System.Security.Cryptography.IncrementalHash"/> path (tests of the fallback).</param>
    internal HmacSha256Verifier(ReadOnlySpan<byte> secret, bool useMidstate)
    {
        if (secret.Length != SecretLength)
        {
            throw new ArgumentException($"an HMAC-SHA256 device secret is {SecretLength} bytes, not {secret.Length}", nameof(secret));
        }

        _midstate = useMidstate ? HmacSha256Midstate.TryCreate(secret) : null;
        if (_midstate is null)
        {
            _hmac = System.Security.Cryptography.IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
        }
    }

    public override KeyAlgorithm Algorithm => KeyAlgorithm.HmacSha256;

    /// <summary>True when this key verifies on precomputed states (for tests and diagnostics).</summary>
    internal bool UsesMidstate => _midstate is not null;

    public override bool Verify(ReadOnlySpan<byte> input, ReadOnlySpan<byte> tag)
    {
        if (tag.Length != HMACSHA256.HashSizeInBytes)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (_midstate is { } midstate)
        {
            midstate.Compute(input, expected);
        }
        else
        {
            lock (_gate)
            {
                _hmac!.AppendData(input);
                _hmac.GetHashAndReset(expected);
            }
        }

        return CryptographicOperations.FixedTimeEquals(expected, tag);
    }
}

/// <summary>Ed25519 through NSec (libsodium): stateless and thread-safe once the public key is imported.</summary>
internal sealed class Ed25519Verifier : TagVerifier
{
    private readonly PublicKey _key;

    public Ed25519Verifier(ReadOnlySpan<byte> publicKey)
    {
        PublicKey? key = null;
        if (publicKey.Length != 32 || !PublicKey.TryImport(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey, out key) || key is null)
        {
            throw new ArgumentException("an Ed25519 public key is 32 raw bytes", nameof(publicKey));
        }

        _key = key;
    }

    public override KeyAlgorithm Algorithm => KeyAlgorithm.Ed25519;

    public override bool Verify(ReadOnlySpan<byte> input, ReadOnlySpan<byte> tag) =>
        tag.Length == 64 && SignatureAlgorithm.Ed25519.Verify(_key, input, tag);
}

/// <summary>
/// ECDSA P-256 / SHA-256 with an IEEE P1363 (r ‖ s) signature. The imported <see cref="ECDsa"/> is kept for the
/// life of the key; calls are serialised per key because ECDsa instances are not documented as thread-safe
/// (one device's publishes come from one connection, so the lock is uncontended in practice).
/// </summary>
internal sealed class EcdsaP256Verifier : TagVerifier
{
    private readonly ECDsa _ecdsa;
    private readonly Lock _gate = new();

    public EcdsaP256Verifier(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out var read);
            if (read != subjectPublicKeyInfo.Length || !IsP256(ecdsa))
            {
                throw new ArgumentException("an ECDSA key must be a P-256 SubjectPublicKeyInfo", nameof(subjectPublicKeyInfo));
            }
        }
        catch (CryptographicException ex)
        {
            ecdsa.Dispose();
            throw new ArgumentException("not a valid P-256 SubjectPublicKeyInfo: " + ex.Message, nameof(subjectPublicKeyInfo), ex);
        }
        catch
        {
            ecdsa.Dispose();
            throw;
        }

        _ecdsa = ecdsa;
    }

    public override KeyAlgorithm Algorithm => KeyAlgorithm.EcdsaP256Sha256;

    internal static bool IsP256(ECDsa ecdsa)
    {
        var curve = ecdsa.ExportParameters(false).Curve;
        return ecdsa.KeySize == 256 && curve.IsNamed &&
            (curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256" or "prime256v1");
    }

    public override bool Verify(ReadOnlySpan<byte> input, ReadOnlySpan<byte> tag)
    {
        if (tag.Length != 64)
        {
            return false;
        }

        lock (_gate)
        {
            try
            {
                return _ecdsa.VerifyData(input, tag, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
            catch (CryptographicException)
            {
                // A hostile r or s (zero, or not below the group order) must be a mismatch, never an exception.
                return false;
            }
        }
    }
}
