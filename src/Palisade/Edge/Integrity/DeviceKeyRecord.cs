using System.Security.Cryptography;
using Palisade.Admission.Integrity;

namespace Palisade.Edge.Integrity;

/// <summary>
/// A device key as the registry holds it (table device_keys). <see cref="Material"/> is the HMAC secret for hs256:
/// never print or log it; <see cref="Fingerprint"/> is only given for public keys.
/// </summary>
internal sealed record DeviceKeyRecord(
    string ParticipantId,
    string DeviceId,
    string KeyId,
    KeyAlgorithm Algorithm,
    byte[] Material,
    DateTimeOffset CreatedUtc,
    DeviceKeyState State,
    DateTimeOffset? RetiringUntil,
    DateTimeOffset StateChangedUtc)
{
    /// <summary>"sha256:" and the first 16 bytes of SHA-256 over the public key (hex); null for an HMAC secret.</summary>
    public string? Fingerprint => Algorithm == KeyAlgorithm.HmacSha256
        ? null
        : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Material).AsSpan(0, 16));

    /// <summary>The verifier's view of this key (imports the public key).</summary>
    public DeviceKey ToDeviceKey() => new(KeyId, Algorithm, Material, State, RetiringUntil);

    /// <summary>State as text: active, retiring, retired.</summary>
    public static string StateText(DeviceKeyState state) => state switch
    {
        DeviceKeyState.Active => "active",
        DeviceKeyState.Retiring => "retiring",
        _ => "retired",
    };

    public static DeviceKeyState ParseState(string text) => text switch
    {
        "active" => DeviceKeyState.Active,
        "retiring" => DeviceKeyState.Retiring,
        "retired" => DeviceKeyState.Retired,
        _ => throw new FormatException("unknown key state in store"),
    };

    // Records compare arrays by reference; keys are compared by content where it matters (DeviceKey.SameAs).
    public override string ToString() => $"{DeviceId}/{KeyId} {Algorithm.ToName()} {StateText(State)}";
}
