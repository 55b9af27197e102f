using System.Security.Cryptography;
using Palisade.Admission.Integrity;
using Palisade.Mqtt.Packets;

namespace Palisade.Simulation;

/// <summary>
/// Finds a simulated device's envelope key in the keys folder. Layout: one sub-folder per device holding the files
/// `palisade device key add|rotate DEVICE --out KEYS/DEVICE` wrote (<c>&lt;kid&gt;.key</c>); the newest file is the key in
/// use, as on a device that has just been rotated. The algorithm is read from the file: a PEM private key is es256 or
/// ed25519 (whichever imports), one line of base64url is an hs256 secret. No folder for a device: it does not seal.
/// </summary>
internal static class EnvelopeKeyFiles
{
    public static IEnvelopeSealer? LoadSealer(string keysDir, string deviceId)
    {
        var folder = Path.Combine(keysDir, deviceId);
        if (!Directory.Exists(folder))
        {
            return null;
        }

        var file = new DirectoryInfo(folder).EnumerateFiles("*.key").OrderByDescending(f => f.LastWriteTimeUtc).ThenByDescending(f => f.Name, StringComparer.Ordinal).FirstOrDefault()
            ?? throw new SimulateInputException("--keys", $"{folder}: holds no <kid>.key file");
        var keyId = Path.GetFileNameWithoutExtension(file.Name);
        var contents = File.ReadAllBytes(file.FullName);
        try
        {
            return new Sealer(Open(keyId, contents));
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException or FormatException)
        {
            throw new SimulateInputException("--keys", $"{file.FullName}: not an envelope key ({ex.Message})");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(contents);
        }
    }

    private static EnvelopeSigner Open(string keyId, byte[] contents)
    {
        if (!contents.AsSpan().StartsWith("-----BEGIN"u8))
        {
            return EnvelopeSigner.FromKeyFileContents(keyId, KeyAlgorithm.HmacSha256, contents);
        }

        try
        {
            return EnvelopeSigner.FromKeyFileContents(keyId, KeyAlgorithm.EcdsaP256Sha256, contents);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            return EnvelopeSigner.FromKeyFileContents(keyId, KeyAlgorithm.Ed25519, contents);
        }
    }

    /// <summary>Seals with the platform's own <see cref="EnvelopeSigner"/>, so the simulator and the verifier share one tag-input code.</summary>
    private sealed class Sealer(EnvelopeSigner signer) : IEnvelopeSealer
    {
        public void Seal(PublishPacket packet, ulong sequence, DateTimeOffset timestamp, bool compact)
        {
            if (compact)
            {
                packet.Payload = signer.CreatePrefixedPayload(packet.Topic, sequence, timestamp, packet.Payload.Span);
            }
            else
            {
                packet.UserProperties = signer.CreateUserProperties(packet.Topic, sequence, timestamp, packet.Payload.Span);
            }
        }
    }
}
