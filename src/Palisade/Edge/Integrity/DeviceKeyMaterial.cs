using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;
using Palisade.Admission.Integrity;

namespace Palisade.Edge.Integrity;

/// <summary>
/// Makes and reads device key material for <c>palisade device key add|rotate</c>. Key files are what
/// <see cref="EnvelopeSigner.FromKeyFile(string)"/> reads: hs256 — the 32-byte secret in base64url on one line;
/// ed25519 and es256 — the private key as PKCS#8 PEM, with the public key beside it as SPKI PEM (<c>.pub</c>).
/// </summary>
internal static class DeviceKeyMaterial
{
    /// <summary>A new key: what the registry keeps, the private key file, and the public key file (null for hs256).</summary>
    internal sealed record Generated(byte[] Material, byte[] PrivateKeyFile, byte[]? PublicKeyFile) : IDisposable
    {
        public void Dispose() => CryptographicOperations.ZeroMemory(PrivateKeyFile);
    }

    public static Generated Generate(KeyAlgorithm algorithm)
    {
        switch (algorithm)
        {
            case KeyAlgorithm.HmacSha256:
                {
                    var secret = RandomNumberGenerator.GetBytes(32);
                    return new Generated(secret, Encoding.ASCII.GetBytes(Base64Url.EncodeToString(secret) + "\n"), null);
                }

            case KeyAlgorithm.Ed25519:
                {
                    using var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
                    return new Generated(
                        key.PublicKey.Export(KeyBlobFormat.RawPublicKey),
                        key.Export(KeyBlobFormat.PkixPrivateKeyText),
                        key.PublicKey.Export(KeyBlobFormat.PkixPublicKeyText));
                }

            case KeyAlgorithm.EcdsaP256Sha256:
                {
                    using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                    return new Generated(
                        ecdsa.ExportSubjectPublicKeyInfo(),
                        Encoding.ASCII.GetBytes(ecdsa.ExportPkcs8PrivateKeyPem() + "\n"),
                        Encoding.ASCII.GetBytes(ecdsa.ExportSubjectPublicKeyInfoPem() + "\n"));
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown key algorithm");
        }
    }

    /// <summary>
    /// The registry material of a device's public key file: Ed25519 as 32 raw bytes, SPKI PEM or SPKI DER; ECDSA as
    /// SPKI PEM or DER on P-256. Null with a reason when the file holds no such key.
    /// </summary>
    public static byte[]? ReadPublicKey(KeyAlgorithm algorithm, byte[] file, out string? problem)
    {
        problem = null;
        if (algorithm == KeyAlgorithm.Ed25519)
        {
            if (file.Length == 32)
            {
                return file;
            }

            PublicKey? key = null;
            if (PublicKey.TryImport(SignatureAlgorithm.Ed25519, file, KeyBlobFormat.PkixPublicKeyText, out key) && key is not null)
            {
                return key.Export(KeyBlobFormat.RawPublicKey);
            }

            if (PublicKey.TryImport(SignatureAlgorithm.Ed25519, file, KeyBlobFormat.PkixPublicKey, out key) && key is not null)
            {
                return key.Export(KeyBlobFormat.RawPublicKey);
            }

            problem = "not an Ed25519 public key (PEM SubjectPublicKeyInfo or 32 raw bytes)";
            return null;
        }

        if (algorithm == KeyAlgorithm.EcdsaP256Sha256)
        {
            using var ecdsa = ECDsa.Create();
            try
            {
                var text = Encoding.ASCII.GetString(file);
                if (text.Contains("-----BEGIN", StringComparison.Ordinal))
                {
                    if (text.Contains("PRIVATE KEY", StringComparison.Ordinal))
                    {
                        problem = "is a private key; give the device's public key only";
                        return null;
                    }

                    ecdsa.ImportFromPem(text);
                }
                else
                {
                    ecdsa.ImportSubjectPublicKeyInfo(file, out _);
                }
            }
            catch (Exception ex) when (ex is CryptographicException or ArgumentException)
            {
                problem = "not an ECDSA public key (PEM or DER SubjectPublicKeyInfo)";
                return null;
            }

            if (ecdsa.KeySize != 256 || ecdsa.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                problem = "the ECDSA key is not on P-256";
                return null;
            }

            return ecdsa.ExportSubjectPublicKeyInfo();
        }

        problem = "an hs256 key is a shared secret generated here; --public-key does not apply";
        return null;
    }
}
