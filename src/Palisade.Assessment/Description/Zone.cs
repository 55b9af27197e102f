namespace Palisade.Assessment.Description;

/// <summary>A network zone: assets with a similar need for protection (not the standard's security domain).</summary>
/// <param name="Id">Unique id.</param>
/// <param name="Name">Display name; null means the id is the name.</param>
/// <param name="Kind">What the network is for.</param>
/// <param name="Site">Site the zone is at; null for cloud and internet zones.</param>
/// <param name="Jurisdiction">Jurisdiction of a zone without a site (e.g. a cloud region); otherwise the site's.</param>
/// <param name="SecurityLevel">Security level 1–4 (after IEC 62443-3-2), if assigned.</param>
/// <param name="TrafficPrioritisation">True when control traffic is prioritised over bulk traffic (TSN or QoS).</param>
public sealed record Zone(
    string Id,
    string? Name,
    ZoneKind Kind,
    string? Site,
    string? Jurisdiction,
    int? SecurityLevel,
    bool TrafficPrioritisation);

/// <summary>What a network zone is for.</summary>
public enum ZoneKind
{
    /// <summary>Field level: sensors, actuators, PLCs.</summary>
    Field,
    /// <summary>Production network (control systems, SCADA, MES).</summary>
    Production,
    /// <summary>Office network.</summary>
    Office,
    /// <summary>Demilitarised zone between networks.</summary>
    Dmz,
    /// <summary>Cloud side: the platform and cloud services.</summary>
    Cloud,
    /// <summary>The public internet.</summary>
    Internet,
}
