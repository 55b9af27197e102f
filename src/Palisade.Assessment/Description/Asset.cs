namespace Palisade.Assessment.Description;

/// <summary>Anything of value in the IIP: a device, host, network device, application or cloud service.</summary>
/// <param name="Id">Unique id.</param>
/// <param name="Name">Display name; null means the id is the name.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Owner">Participant that owns or runs it.</param>
/// <param name="Zone">Network zone it sits in.</param>
/// <param name="Domain">Security domain of 7.2.</param>
/// <param name="Stage">Life-cycle stage of 7.3 it is in.</param>
/// <param name="Vendor">Vendor, if known.</param>
/// <param name="Product">Product name, if known.</param>
/// <param name="Version">Firmware or software version, if known.</param>
/// <param name="Aliases">Other names the same product is sold or tracked under (renames make CVE tracking hard).</param>
/// <param name="Publisher">For applications: who published it (participant id or free text).</param>
/// <param name="EndOfSecuritySupport">Date after which the supplier no longer ships security fixes.</param>
/// <param name="OperatingSystem">Host operating system, if any.</param>
/// <param name="Capabilities">Security-relevant facts.</param>
public sealed record Asset(
    string Id,
    string? Name,
    AssetKind Kind,
    string Owner,
    string Zone,
    SecurityDomain Domain,
    LifeCycleStage Stage,
    string? Vendor,
    string? Product,
    string? Version,
    IReadOnlyList<string> Aliases,
    string? Publisher,
    DateOnly? EndOfSecuritySupport,
    OperatingSystemInfo? OperatingSystem,
    AssetCapabilities Capabilities);

/// <summary>The operating system an asset runs.</summary>
/// <param name="Name">Name, e.g. <c>Windows 10 1809</c>.</param>
/// <param name="Version">Version, if not in the name.</param>
/// <param name="EndOfSupport">Date the OS vendor stops functional and security updates.</param>
public sealed record OperatingSystemInfo(string Name, string? Version, DateOnly? EndOfSupport);
