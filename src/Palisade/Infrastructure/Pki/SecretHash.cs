namespace Palisade.Infrastructure.Pki;

/// <summary>A stored secret verifier: PBKDF2-HMAC-SHA256 with its own salt and iteration count (never the secret).</summary>
internal sealed record SecretHash(byte[] Salt, byte[] Hash, int Iterations);
