namespace Palisade.Admission.Integrity;

/// <summary>
/// The tag algorithm of a device key. Fixed by the key when it is provisioned, never named by a message, so a
/// message cannot choose a weaker algorithm (no algorithm confusion).
/// </summary>
public enum KeyAlgorithm
{
    /// <summary>HMAC-SHA256 with a 32-byte per-device secret; 32-byte tag. CLI name <c>hs256</c>.</summary>
    HmacSha256 = 1,

    /// <summary>Ed25519 (RFC 8032); 64-byte signature. CLI name <c>ed25519</c>.</summary>
    Ed25519 = 2,

    /// <summary>ECDSA over P-256 with SHA-256; signature in IEEE P1363 form r ‖ s (64 bytes), not DER. CLI name <c>es256</c>.</summary>
    EcdsaP256Sha256 = 3,
}
