namespace Palisade.Admission.Integrity;

/// <summary>
/// Where the integrity stage finds a device's keys. Called once per enveloped PUBLISH, so implementations answer
/// from memory (no I/O), are thread-safe and return the same <see cref="DeviceKey"/> instances between changes
/// (each holds its imported public key). Device ids are unique across participants, so the device id suffices.
/// </summary>
public interface IDeviceKeyDirectory
{
    /// <summary>All keys of the device, in any state (empty when it has none or is unknown).</summary>
    IReadOnlyList<DeviceKey> KeysOf(string deviceId);

    /// <summary>The device's key with id <paramref name="keyId"/> (any state), or null.</summary>
    DeviceKey? Find(string deviceId, string keyId)
    {
        var keys = KeysOf(deviceId);
        for (var i = 0; i < keys.Count; i++)
        {
            if (string.Equals(keys[i].KeyId, keyId, StringComparison.Ordinal))
            {
                return keys[i];
            }
        }

        return null;
    }
}
