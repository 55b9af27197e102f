using System.Collections.Concurrent;

namespace Palisade.Admission.Integrity;

/// <summary>
/// A key directory held in memory: for tests, benchmarks, the load generator, and as the cache behind the host's
/// registry-backed directory. Thread-safe; <see cref="Set"/> replaces a device's keys atomically.
/// </summary>
public sealed class InMemoryDeviceKeyDirectory : IDeviceKeyDirectory
{
    private readonly ConcurrentDictionary<string, DeviceKey[]> _keys = new(StringComparer.Ordinal);

    /// <summary>Replaces all keys of <paramref name="deviceId"/> (an empty list removes the device).</summary>
    public void Set(string deviceId, IEnumerable<DeviceKey> keys)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(keys);
        var array = keys.ToArray();
        if (array.Length == 0)
        {
            _keys.TryRemove(deviceId, out _);
        }
        else
        {
            _keys[deviceId] = array;
        }
    }

    /// <summary>Adds one key to the device's keys.</summary>
    public void Add(string deviceId, DeviceKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _keys.AddOrUpdate(deviceId, _ => [key], (_, existing) => [.. existing, key]);
    }

    public IReadOnlyList<DeviceKey> KeysOf(string deviceId) => _keys.TryGetValue(deviceId, out var keys) ? keys : [];
}
