namespace Palisade.Admission.Integrity;

/// <summary>
/// One provisioned key of a device, as the verifier needs it: id, algorithm, material and state. The material is
/// the 32-byte HMAC secret (hs256), the 32-byte raw Ed25519 public key (ed25519) or the DER SubjectPublicKeyInfo of a
/// P-256 public key (es256). The key is imported once, when this object is made (an invalid material throws here,
/// never on the message path); directories hand out the same instance for every message.
/// </summary>
public sealed class DeviceKey
{
    /// <summary>Makes a key and imports its material.</summary>
    /// <exception cref="ArgumentException">The key id or the material is not valid for the algorithm, or a retiring key has no end.</exception>
    public DeviceKey(string keyId, KeyAlgorithm algorithm, ReadOnlyMemory<byte> material, DeviceKeyState state = DeviceKeyState.Active, DateTimeOffset? retiringUntil = null)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        if (!EnvelopeFormat.IsValidKeyId(keyId))
        {
            throw new ArgumentException("a key id is 1-64 characters of [A-Za-z0-9._-]", nameof(keyId));
        }

        if (state == DeviceKeyState.Retiring && retiringUntil is null)
        {
            throw new ArgumentException("a retiring key needs the end of its grace period", nameof(retiringUntil));
        }

        if (state is not (DeviceKeyState.Active or DeviceKeyState.Retiring or DeviceKeyState.Retired))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "unknown key state");
        }

        KeyId = keyId;
        Algorithm = algorithm;
        Material = material.ToArray();
        State = state;
        RetiringUntil = state == DeviceKeyState.Retiring ? retiringUntil : null;
        Verifier = TagVerifier.Create(algorithm, material.Span);
    }

    public string KeyId { get; }

    public KeyAlgorithm Algorithm { get; }

    /// <summary>HMAC secret or public key bytes (see the type's remarks). A copy: the caller's buffer may be reused.</summary>
    public ReadOnlyMemory<byte> Material { get; }

    public DeviceKeyState State { get; }

    /// <summary>For a retiring key, the end of its grace period (exclusive); null otherwise.</summary>
    public DateTimeOffset? RetiringUntil { get; }

    internal TagVerifier Verifier { get; }

    /// <summary>True when a tag made with this key is accepted at <paramref name="now"/>: active, or retiring before its grace end.</summary>
    public bool IsAcceptedAt(DateTimeOffset now) => State switch
    {
        DeviceKeyState.Active => true,
        DeviceKeyState.Retiring => now < RetiringUntil!.Value,
        _ => false,
    };

    /// <summary>True when this key has the same id, algorithm, material, state and grace end as <paramref name="other"/>.</summary>
    public bool SameAs(DeviceKey? other) =>
        other is not null && other.KeyId == KeyId && other.Algorithm == Algorithm && other.State == State &&
        other.RetiringUntil == RetiringUntil && other.Material.Span.SequenceEqual(Material.Span);

    public override string ToString() => $"{KeyId} {Algorithm.ToName()} {State}" + (RetiringUntil is { } until ? $" until {until:O}" : "");
}
