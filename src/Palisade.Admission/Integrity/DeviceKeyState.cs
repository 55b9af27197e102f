namespace Palisade.Admission.Integrity;

/// <summary>Life cycle of a device key: active → retiring (after a rotation, until its grace end) → retired.</summary>
public enum DeviceKeyState
{
    /// <summary>Accepted. Normally one per device: the key new messages are made with.</summary>
    Active = 1,

    /// <summary>Replaced by a rotation; still accepted until <see cref="DeviceKey.RetiringUntil"/>, then refused as unknown.</summary>
    Retiring = 2,

    /// <summary>Never accepted again.</summary>
    Retired = 3,
}
