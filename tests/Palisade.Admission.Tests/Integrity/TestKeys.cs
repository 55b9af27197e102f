using System.Security.Cryptography;
using NSec.Cryptography;
using NSecKey = NSec.Cryptography.Key;
using Palisade.Admission.Integrity;
using Palisade.Admission.Pipeline;
using Palisade.Mqtt.Packets;

namespace Palisade.Admission.Tests.Integrity;

/// <summary>A device key pair made by the test: the verifier's <see cref="DeviceKey"/> and the device's <see cref="EnvelopeSigner"/>.</summary>
internal sealed record TestKey(DeviceKey Key, EnvelopeSigner Signer)
{
    public static TestKey Create(KeyAlgorithm algorithm, string keyId = "k1", DeviceKeyState state = DeviceKeyState.Active, DateTimeOffset? retiringUntil = null)
    {
        switch (algorithm)
        {
            case KeyAlgorithm.HmacSha256:
                {
                    var secret = RandomNumberGenerator.GetBytes(32);
                    return new TestKey(new DeviceKey(keyId, algorithm, secret, state, retiringUntil), EnvelopeSigner.CreateHmacSha256(keyId, secret));
                }

            case KeyAlgorithm.Ed25519:
                {
                    using var key = NSecKey.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
                    var pub = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
                    var priv = key.Export(KeyBlobFormat.RawPrivateKey);
                    return new TestKey(new DeviceKey(keyId, algorithm, pub, state, retiringUntil), EnvelopeSigner.CreateEd25519(keyId, priv));
                }

            default:
                {
                    using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                    return new TestKey(new DeviceKey(keyId, algorithm, ecdsa.ExportSubjectPublicKeyInfo(), state, retiringUntil), EnvelopeSigner.CreateEcdsaP256(keyId, ecdsa));
                }
        }
    }
}

internal static class Ctx
{
    public const string Device = "press-7";
    public const string Participant = "acme";
    public const string Topic = "p/acme/d/press-7/telemetry/temp";
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 1, 0, 0, TimeSpan.Zero);

    public static AdmissionContext Make(string topic, ReadOnlyMemory<byte> payload, IReadOnlyList<UserProperty>? properties = null, bool v5 = true, DateTimeOffset? now = null, string device = Device) =>
        new(new PublishPacket { Topic = topic, Payload = payload, UserProperties = properties ?? [] }, device, Participant, now ?? Now)
        {
            IsV5 = v5,
            TopicClass = "telemetry",
        };
}
