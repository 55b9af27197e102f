namespace Palisade.Assessment.Description;

/// <summary>A physical location (factory, data centre) of one participant.</summary>
/// <param name="Id">Unique id.</param>
/// <param name="Name">Display name; null means the id is the name.</param>
/// <param name="Participant">Id of the participant that runs the site.</param>
/// <param name="Jurisdiction">Country or region of the site (e.g. <c>DE</c>, <c>CN</c>).</param>
public sealed record Site(string Id, string? Name, string Participant, string Jurisdiction);
