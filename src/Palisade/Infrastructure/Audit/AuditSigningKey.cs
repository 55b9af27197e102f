using System.Security.Cryptography;
using System.Text;
using Palisade.Infrastructure.Storage;

namespace Palisade.Infrastructure.Audit;

/// <summary>
/// The ECDSA P-256 key that signs audit checkpoints: &lt;data&gt;/keys/audit-signing.key (0600) and its public half
/// audit-signing.pub. Separate from the CA key so that each can be rotated or moved to an HSM on its own.
/// Key id = first 16 bytes of SHA-256 over the SubjectPublicKeyInfo, hex.
/// </summary>
internal sealed class AuditSigningKey : IDisposable
{
    public const string PrivateKeyFileName = "audit-signing.key";
    public const string PublicKeyFileName = "audit-signing.pub";

    private readonly ECDsa _key;
    private readonly bool _canSign;

    private AuditSigningKey(ECDsa key, bool canSign)
    {
        _key = key;
        _canSign = canSign;
        KeyId = Convert.ToHexString(SHA256.HashData(key.ExportSubjectPublicKeyInfo()).AsSpan(0, 16));
    }

    public string KeyId { get; }

    /// <summary>The signing key, created on first use.</summary>
    public static AuditSigningKey LoadOrCreate(DataFolder data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var dir = data.KeysDirectory;
        var keyPath = Path.Combine(dir, PrivateKeyFileName);
        var pubPath = Path.Combine(dir, PublicKeyFileName);
        if (!File.Exists(keyPath))
        {
            using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            try
            {
                OwnerOnlyFile.WriteNew(keyPath, Encoding.ASCII.GetBytes(fresh.ExportPkcs8PrivateKeyPem()));
                File.WriteAllText(pubPath, fresh.ExportSubjectPublicKeyInfoPem() + "\n");
            }
            catch (IOException) when (File.Exists(keyPath))
            {
                // Another process created it at the same moment: use theirs.
            }
        }

        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(keyPath));
        if (!File.Exists(pubPath))
        {
            File.WriteAllText(pubPath, key.ExportSubjectPublicKeyInfoPem() + "\n");
        }

        return new AuditSigningKey(key, canSign: true);
    }

    /// <summary>The public half only, for verification; null when the data folder has none.</summary>
    public static AuditSigningKey? LoadVerifier(DataFolder data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var pubPath = Path.Combine(data.KeysDirectory, PublicKeyFileName);
        if (!File.Exists(pubPath))
        {
            return null;
        }

        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(pubPath));
        return new AuditSigningKey(key, canSign: false);
    }

    public byte[] Sign(byte[] payload)
    {
        if (!_canSign)
        {
            throw new InvalidOperationException("this audit key has no private half");
        }

        return _key.SignData(payload, HashAlgorithmName.SHA256);
    }

    public bool Verify(byte[] payload, byte[] signature) => _key.VerifyData(payload, signature, HashAlgorithmName.SHA256);

    public void Dispose() => _key.Dispose();
}
