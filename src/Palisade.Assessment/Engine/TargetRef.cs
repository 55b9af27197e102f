namespace Palisade.Assessment.Engine;

/// <summary>What a finding is about: an asset, flow, zone, boundary, participant or site of the description.</summary>
public readonly record struct TargetRef(string Kind, string Id)
{
    public const string AssetKind = "asset";
    public const string FlowKind = "flow";
    public const string ZoneKind = "zone";
    public const string BoundaryKind = "boundary";
    public const string ParticipantKind = "participant";
    public const string SiteKind = "site";

    /// <summary><c>kind:id</c>, the form used in finding ids and control targets.</summary>
    public string Key => string.Concat(Kind, ":", Id);

    public static TargetRef Asset(string id) => new(AssetKind, id);

    public static TargetRef Flow(string id) => new(FlowKind, id);

    public static TargetRef Zone(string id) => new(ZoneKind, id);

    public static TargetRef Participant(string id) => new(ParticipantKind, id);

    public override string ToString() => Key;
}
