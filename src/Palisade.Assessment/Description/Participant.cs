namespace Palisade.Assessment.Description;

/// <summary>An organisation taking part in the IIP (the standard's "IIP participant"; a tenant).</summary>
/// <param name="Id">Unique id.</param>
/// <param name="Name">Display name; null means the id is the name.</param>
/// <param name="Jurisdiction">Country or region whose law applies by default (e.g. <c>DE</c>, <c>EU</c>), if known.</param>
/// <param name="OperatesPlatform">True for the organisation that runs the IIP itself.</param>
public sealed record Participant(string Id, string? Name, string? Jurisdiction, bool OperatesPlatform);
