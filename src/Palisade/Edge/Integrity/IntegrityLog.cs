using Microsoft.Extensions.Logging;

namespace Palisade.Edge.Integrity;

/// <summary>
/// Log messages of the device-key cache. Event ids 1500-1509 are reserved for integrity (kept here rather than in
/// LogEventIds so that parallel work on other stages does not collide). Never key material.
/// </summary>
internal static partial class IntegrityLog
{
    [LoggerMessage(1500, LogLevel.Information, "Device keys reloaded: {KeyCount} keys of {DeviceCount} devices")]
    public static partial void DeviceKeysReloaded(this ILogger logger, int keyCount, int deviceCount);

    [LoggerMessage(1501, LogLevel.Error, "Reloading device keys from the registry failed; keeping the previous keys and retrying")]
    public static partial void DeviceKeysReloadFailed(this ILogger logger, Exception exception);

    [LoggerMessage(1502, LogLevel.Warning, "Device key {DeviceId}/{KeyId} in the registry is unusable and is ignored: {Problem}")]
    public static partial void DeviceKeyUnusable(this ILogger logger, string deviceId, string keyId, string problem);
}
