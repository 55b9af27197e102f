namespace Palisade.Platform.Applications;

/// <summary>
/// One explicit right of an application, over all devices of its participant (DeviceScope "*") or over one device
/// (DeviceScope = that device id).
/// </summary>
internal sealed record ApplicationGrant(ApplicationRight Right, string DeviceScope)
{
    public const string AllDevices = "*";

    public bool CoversAllDevices => DeviceScope == AllDevices;

    public bool Covers(string deviceId) => CoversAllDevices || string.Equals(DeviceScope, deviceId, StringComparison.Ordinal);

    public override string ToString() => CoversAllDevices ? Right.ToText() : Right.ToText() + "=" + DeviceScope;
}
