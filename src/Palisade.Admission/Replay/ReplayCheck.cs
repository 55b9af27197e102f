namespace Palisade.Admission.Replay;

/// <summary>What a <see cref="ReplayWindow"/> decided about one sequence number.</summary>
internal enum ReplayCheck
{
    /// <summary>Never seen and inside (or beyond) the window: accepted and now marked as seen.</summary>
    Accepted,

    /// <summary>Already accepted once.</summary>
    Duplicate,

    /// <summary>Below the window: whether it was seen can no longer be told, so it is refused.</summary>
    TooOld,

    /// <summary>Sequence 0, which no device sends (sequences start at 1).</summary>
    Invalid,
}
