using System.Security.Cryptography;
using Palisade.Admission.Integrity;
using Palisade.Mqtt.Packets;

namespace Palisade.Simulation;

/// <summary>
/// Finds a simulated device's envelope key in the keys folder. Layout: one sub-folder per device holding the files
/// `palisade device key add|rotate DEVICE --out KEYS/DEVICE` wrote (<c>&lt;kid&gt;.key</c>); the newest file is the key in
/// use, as on a device that has just been rotated; <see cref="EnvelopeSigner.FromKeyFile(string)"/> recognises the
/// algorithm from the contents. No folder for a device: it does not seal.
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
        try
        {
            return new Sealer(EnvelopeSigner.FromKeyFile(file.FullName));
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException or FormatException or IOException)
        {
            throw new SimulateInputException("--keys", $"{file.FullName}: not an envelope key ({ex.Message})");
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
