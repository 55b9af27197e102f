using Palisade.Assessment.Description;

namespace Palisade.Assessment.Engine;

/// <summary>
/// A flow with its ends and their zones looked up once per assessment. Ten rules walk every flow; resolving the
/// ends by id in each of them was four dictionary lookups per flow per rule, most of their cost at 200,000 flows.
/// </summary>
/// <remarks>
/// <see cref="FromZoneIndex"/> and <see cref="ToZoneIndex"/> are the positions of the zones in the description's
/// zone list (-1 when unknown), so rules that aggregate per zone can use arrays instead of hashing zone ids per flow.
/// </remarks>
internal readonly record struct ResolvedFlow(DataFlow Flow, Asset? From, Asset? To, Zone? FromZone, Zone? ToZone, int FromZoneIndex = -1, int ToZoneIndex = -1)
{
    /// <summary>The sending asset is known and sits in a cloud zone (as <see cref="AssessmentContext.IsCloudSide"/>).</summary>
    public bool FromCloud => FromZone?.Kind == ZoneKind.Cloud;

    /// <summary>The receiving asset is known and sits in a cloud zone.</summary>
    public bool ToCloud => ToZone?.Kind == ZoneKind.Cloud;
}
