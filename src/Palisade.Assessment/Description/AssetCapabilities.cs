namespace Palisade.Assessment.Description;

/// <summary>
/// Security-relevant facts about an asset. Every flag defaults to false: an unstated safeguard counts as absent
/// (pessimistic), an unstated exposure (wireless, legacy protocol...) counts as absent too, so a description states
/// what it has.
/// </summary>
/// <param name="Tls">Speaks TLS (or DTLS) on its connections.</param>
/// <param name="Certificates">Holds an X.509 device certificate as its identity.</param>
/// <param name="Signing">Its software or firmware is signed and the signature is verified before install.</param>
/// <param name="Wireless">Connects over a wireless network.</param>
/// <param name="LegacyProtocol">Uses a legacy protocol without encryption or authentication (e.g. Modbus/TCP, PROFINET without security).</param>
/// <param name="DefaultCredentialsChanged">Factory default passwords have been changed.</param>
/// <param name="ResourceConstrained">Has too little computing power for strong cryptography.</param>
/// <param name="StoresSensitiveData">Its storage holds production data, recipes or keys.</param>
/// <param name="EmcShielded">Shielded or sited against electromagnetic side channels.</param>
/// <param name="Mobile">Moves between zones (e.g. transport robots, mobile terminals).</param>
/// <param name="RemoteMaintenance">Can be maintained and updated remotely through the IIP.</param>
/// <param name="Redundant">Has a standby that takes over when it fails.</param>
/// <param name="Patchable">Can still receive security patches.</param>
public sealed record AssetCapabilities(
    bool Tls = false,
    bool Certificates = false,
    bool Signing = false,
    bool Wireless = false,
    bool LegacyProtocol = false,
    bool DefaultCredentialsChanged = false,
    bool ResourceConstrained = false,
    bool StoresSensitiveData = false,
    bool EmcShielded = false,
    bool Mobile = false,
    bool RemoteMaintenance = false,
    bool Redundant = false,
    bool Patchable = true)
{
    /// <summary>No capabilities stated.</summary>
    public static AssetCapabilities None { get; } = new();
}
