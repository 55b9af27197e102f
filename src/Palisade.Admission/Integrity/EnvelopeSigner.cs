using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;
using Palisade.Mqtt.Packets;

namespace Palisade.Admission.Integrity;

/// <summary>
/// The device side of the integrity envelope (docs/admission.md): holds one device key and makes the envelope of a
/// message, either as the four MQTT 5.0 user properties or as the compact prefix followed by the body. Used by the
/// device simulator, the load generator and tests; builds the tag input with the same code as the verifier.
/// Thread-safe. Dispose to release the private key.
/// </summary>
/// <example>
/// <code>
/// using var signer = EnvelopeSigner.FromKeyFile("keys/press-7/k1.key"); // kid "k1", algorithm from the contents
/// packet.UserProperties = signer.CreateUserProperties(topic, sequence: 1, DateTimeOffset.UtcNow, body);
/// // or, for MQTT 3.1.1: packet.Payload = signer.CreatePrefixedPayload(topic, 1, DateTimeOffset.UtcNow, body);
/// </code>
/// </example>
public sealed class EnvelopeSigner : IDisposable
{
    private static readonly SearchValues<char> Base64UrlAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private readonly byte[]? _secret;
    private readonly Key? _ed25519;
    private readonly ECDsa? _ecdsa;
    private readonly Lock _gate = new();
    private readonly byte[] _keyIdAscii;

    private EnvelopeSigner(string keyId, KeyAlgorithm algorithm, byte[]? secret, Key? ed25519, ECDsa? ecdsa)
    {
        KeyId = keyId;
        Algorithm = algorithm;
        _secret = secret;
        _ed25519 = ed25519;
        _ecdsa = ecdsa;
        _keyIdAscii = Encoding.ASCII.GetBytes(keyId);
    }

    /// <summary>The key id written into every envelope.</summary>
    public string KeyId { get; }

    public KeyAlgorithm Algorithm { get; }

    /// <summary>Tag length in bytes: 32 (HMAC-SHA256) or 64 (Ed25519, ECDSA P-256).</summary>
    public int TagLength => Algorithm.TagLength();

    /// <summary>Length of the compact prefix this signer writes before the body.</summary>
    public int PrefixLength => EnvelopeFormat.PrefixLength(_keyIdAscii.Length, TagLength);

    /// <summary>An HMAC-SHA256 signer with the device's 32-byte secret.</summary>
    public static EnvelopeSigner CreateHmacSha256(string keyId, ReadOnlySpan<byte> secret)
    {
        CheckKeyId(keyId);
        if (secret.Length != HmacSha256Verifier.SecretLength)
        {
            throw new ArgumentException($"an HMAC-SHA256 device secret is {HmacSha256Verifier.SecretLength} bytes", nameof(secret));
        }

        return new EnvelopeSigner(keyId, KeyAlgorithm.HmacSha256, secret.ToArray(), null, null);
    }

    /// <summary>An Ed25519 signer from the private key: 32 raw bytes (the seed) or PKCS#8 DER.</summary>
    public static EnvelopeSigner CreateEd25519(string keyId, ReadOnlySpan<byte> privateKey)
    {
        CheckKeyId(keyId);
        var format = privateKey.Length == 32 ? KeyBlobFormat.RawPrivateKey : KeyBlobFormat.PkixPrivateKey;
        if (!Key.TryImport(SignatureAlgorithm.Ed25519, privateKey, format, out var key))
        {
            throw new ArgumentException("not an Ed25519 private key (32 raw bytes or PKCS#8 DER)", nameof(privateKey));
        }

        return new EnvelopeSigner(keyId, KeyAlgorithm.Ed25519, null, key, null);
    }

    /// <summary>An ECDSA P-256 signer; the key's parameters are copied (the caller keeps and disposes its own object).</summary>
    public static EnvelopeSigner CreateEcdsaP256(string keyId, ECDsa privateKey)
    {
        CheckKeyId(keyId);
        ArgumentNullException.ThrowIfNull(privateKey);
        if (!EcdsaP256Verifier.IsP256(privateKey))
        {
            throw new ArgumentException("the key is not on P-256", nameof(privateKey));
        }

        var copy = ECDsa.Create(privateKey.ExportParameters(includePrivateParameters: true));
        return new EnvelopeSigner(keyId, KeyAlgorithm.EcdsaP256Sha256, null, null, copy);
    }

    /// <summary>
    /// A signer from a key file as <c>palisade device key add|rotate --out</c> writes it, with the key id and algorithm
    /// given (see also <see cref="FromKeyFile(string)"/>): hs256 — the 32-byte secret
    /// in base64url on one line (or 32 raw bytes); ed25519 and es256 — the private key as PKCS#8 PEM.
    /// </summary>
    public static EnvelopeSigner FromKeyFile(string keyId, KeyAlgorithm algorithm, string path)
    {
        var bytes = File.ReadAllBytes(path);
        try
        {
            return FromKeyFileContents(keyId, algorithm, bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>
    /// A signer from a key file written by <c>palisade device key add|rotate --out DIR</c> (<c>DIR/&lt;kid&gt;.key</c>): the key
    /// id is the file name without <c>.key</c> and the algorithm is recognised from the contents (base64url secret →
    /// hs256; PKCS#8 PEM of an Ed25519 key → ed25519; of a P-256 key → es256).
    /// </summary>
    public static EnvelopeSigner FromKeyFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var keyId = Path.GetFileName(path);
        if (keyId.EndsWith(".key", StringComparison.Ordinal))
        {
            keyId = keyId[..^4];
        }

        var bytes = File.ReadAllBytes(path);
        try
        {
            return FromKeyFileContents(keyId, DetectAlgorithm(bytes), bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>The algorithm of a key file's contents as the CLI writes them; throws <see cref="ArgumentException"/> when unrecognised.</summary>
    public static KeyAlgorithm DetectAlgorithm(ReadOnlySpan<byte> contents)
    {
        var text = Encoding.ASCII.GetString(contents).Trim();
        if (text.Length == 43 && text.AsSpan().IndexOfAnyExcept(Base64UrlAlphabet) < 0)
        {
            return KeyAlgorithm.HmacSha256;
        }

        if (text.Contains("-----BEGIN PRIVATE KEY-----", StringComparison.Ordinal)
            && Key.TryImport(SignatureAlgorithm.Ed25519, contents, KeyBlobFormat.PkixPrivateKeyText, out var ed) && ed is not null)
        {
            ed.Dispose();
            return KeyAlgorithm.Ed25519;
        }

        if (text.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return KeyAlgorithm.EcdsaP256Sha256; // checked for P-256 when loaded
        }

        throw new ArgumentException("not a key file written by 'palisade device key' (base64url secret or PKCS#8 PEM private key)", nameof(contents));
    }

    /// <summary>Same as <see cref="FromKeyFile(string, KeyAlgorithm, string)"/>, from the file's bytes.</summary>
    public static EnvelopeSigner FromKeyFileContents(string keyId, KeyAlgorithm algorithm, ReadOnlySpan<byte> contents)
    {
        switch (algorithm)
        {
            case KeyAlgorithm.HmacSha256:
                {
                    if (contents.Length == HmacSha256Verifier.SecretLength)
                    {
                        return CreateHmacSha256(keyId, contents);
                    }

                    var text = Encoding.ASCII.GetString(contents).Trim();
                    Span<byte> secret = stackalloc byte[64];
                    if (text.Length != 43 || !Base64Url.TryDecodeFromChars(text, secret, out var n) || n != HmacSha256Verifier.SecretLength)
                    {
                        throw new ArgumentException("an hs256 key file holds the 32-byte secret in base64url", nameof(contents));
                    }

                    try
                    {
                        return CreateHmacSha256(keyId, secret[..n]);
                    }
                    finally
                    {
                        CryptographicOperations.ZeroMemory(secret);
                    }
                }

            case KeyAlgorithm.Ed25519:
                {
                    if (contents.Length == 32)
                    {
                        return CreateEd25519(keyId, contents);
                    }

                    CheckKeyId(keyId);
                    if (!Key.TryImport(SignatureAlgorithm.Ed25519, contents, KeyBlobFormat.PkixPrivateKeyText, out var key))
                    {
                        throw new ArgumentException("an ed25519 key file holds the private key as PKCS#8 PEM", nameof(contents));
                    }

                    return new EnvelopeSigner(keyId, KeyAlgorithm.Ed25519, null, key, null);
                }

            case KeyAlgorithm.EcdsaP256Sha256:
                {
                    using var ecdsa = ECDsa.Create();
                    try
                    {
                        ecdsa.ImportFromPem(Encoding.ASCII.GetString(contents));
                    }
                    catch (Exception ex) when (ex is ArgumentException or CryptographicException)
                    {
                        throw new ArgumentException("an es256 key file holds the P-256 private key as PKCS#8 PEM", nameof(contents), ex);
                    }

                    return CreateEcdsaP256(keyId, ecdsa);
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown key algorithm");
        }
    }

    /// <summary>
    /// Makes the tag for a message into <paramref name="tag"/> (at least <see cref="TagLength"/> bytes) and returns its
    /// length. <paramref name="topic"/> is the topic name as published (UTF-8, at most 65,535 bytes);
    /// <paramref name="timestamp"/> Unix milliseconds (0 … 253402300799999); <paramref name="sequence"/> ≥ 1.
    /// </summary>
    public int Sign(string topic, ulong sequence, long timestamp, ReadOnlySpan<byte> body, Span<byte> tag)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentOutOfRangeException.ThrowIfZero(sequence);
        ArgumentOutOfRangeException.ThrowIfNegative(timestamp);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timestamp, EnvelopeFormat.MaxTimestamp);
        ArgumentOutOfRangeException.ThrowIfLessThan(tag.Length, TagLength, nameof(tag));
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Encoding.UTF8.GetByteCount(topic) > ushort.MaxValue)
        {
            throw new ArgumentException("topic longer than 65,535 bytes", nameof(topic));
        }

        var size = EnvelopeFormat.TagInputLength(KeyId.Length, Encoding.UTF8.GetMaxByteCount(topic.Length), body.Length);
        byte[]? rented = null;
        Span<byte> buffer = size <= EnvelopeFormat.StackLimit ? stackalloc byte[EnvelopeFormat.StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            var input = buffer[..EnvelopeFormat.WriteTagInput(buffer, KeyId, topic, sequence, timestamp, body)];
            switch (Algorithm)
            {
                case KeyAlgorithm.HmacSha256:
                    return HMACSHA256.HashData(_secret, input, tag);
                case KeyAlgorithm.Ed25519:
                    SignatureAlgorithm.Ed25519.Sign(_ed25519!, input, tag[..64]);
                    return 64;
                default:
                    lock (_gate)
                    {
                        return _ecdsa!.SignData(input, tag, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                    }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The envelope as the four MQTT 5.0 user properties (pal-kid, pal-seq, pal-ts, pal-tag); the payload stays the body.</summary>
    public UserProperty[] CreateUserProperties(string topic, ulong sequence, long timestamp, ReadOnlySpan<byte> body)
    {
        Span<byte> tag = stackalloc byte[EnvelopeFormat.MaxTagLength];
        var length = Sign(topic, sequence, timestamp, body, tag);
        return
        [
            new UserProperty(EnvelopeFormat.KeyIdProperty, KeyId),
            new UserProperty(EnvelopeFormat.SequenceProperty, sequence.ToString(CultureInfo.InvariantCulture)),
            new UserProperty(EnvelopeFormat.TimestampProperty, timestamp.ToString(CultureInfo.InvariantCulture)),
            new UserProperty(EnvelopeFormat.TagProperty, Base64Url.EncodeToString(tag[..length])),
        ];
    }

    /// <inheritdoc cref="CreateUserProperties(string, ulong, long, ReadOnlySpan{byte})"/>
    public UserProperty[] CreateUserProperties(string topic, ulong sequence, DateTimeOffset timestamp, ReadOnlySpan<byte> body) =>
        CreateUserProperties(topic, sequence, timestamp.ToUnixTimeMilliseconds(), body);

    /// <summary>The compact form: prefix ‖ body, as a new array of <see cref="PrefixLength"/> + body length bytes.</summary>
    public byte[] CreatePrefixedPayload(string topic, ulong sequence, long timestamp, ReadOnlySpan<byte> body)
    {
        var payload = new byte[PrefixLength + body.Length];
        WritePrefixedPayload(payload, topic, sequence, timestamp, body);
        return payload;
    }

    /// <inheritdoc cref="CreatePrefixedPayload(string, ulong, long, ReadOnlySpan{byte})"/>
    public byte[] CreatePrefixedPayload(string topic, ulong sequence, DateTimeOffset timestamp, ReadOnlySpan<byte> body) =>
        CreatePrefixedPayload(topic, sequence, timestamp.ToUnixTimeMilliseconds(), body);

    /// <summary>
    /// Writes prefix ‖ body into <paramref name="destination"/> (at least <see cref="PrefixLength"/> + body length
    /// bytes; the body must not overlap it) and returns the bytes written. Allocation-free, for load generators.
    /// </summary>
    public int WritePrefixedPayload(Span<byte> destination, string topic, ulong sequence, long timestamp, ReadOnlySpan<byte> body)
    {
        var k = _keyIdAscii.Length;
        var t = TagLength;
        var total = PrefixLength + body.Length;
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, total, nameof(destination));
        destination[0] = EnvelopeFormat.Magic0;
        destination[1] = EnvelopeFormat.Magic1;
        destination[2] = EnvelopeFormat.Version;
        destination[3] = (byte)k;
        _keyIdAscii.CopyTo(destination[4..]);
        BinaryPrimitives.WriteUInt64BigEndian(destination[(4 + k)..], sequence);
        BinaryPrimitives.WriteInt64BigEndian(destination[(12 + k)..], timestamp);
        destination[20 + k] = (byte)t;
        body.CopyTo(destination[(21 + k + t)..]);
        Sign(topic, sequence, timestamp, body, destination.Slice(21 + k, t));
        return total;
    }

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_secret is not null)
        {
            CryptographicOperations.ZeroMemory(_secret);
        }

        _ed25519?.Dispose();
        _ecdsa?.Dispose();
    }

    private static void CheckKeyId(string keyId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        if (!EnvelopeFormat.IsValidKeyId(keyId))
        {
            throw new ArgumentException("a key id is 1-64 characters of [A-Za-z0-9._-]", nameof(keyId));
        }
    }
}
