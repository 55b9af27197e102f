namespace Palisade.Simulation;

/// <summary>
/// What a simulated device can do wrong on purpose, to demonstrate (and test) that admission refuses it while the
/// device's valid messages keep flowing. Each kind maps to one refusal of docs/admission.md.
/// </summary>
internal enum Misbehaviour
{
    /// <summary>A well-formed, correctly signed message (the baseline, not a misbehaviour).</summary>
    None,

    /// <summary>Resend an earlier signed message byte for byte (same sequence and tag): anti-replay refuses it.</summary>
    Replay,

    /// <summary>Sign, then alter one byte of the body, as a man in the middle would: the tag no longer matches.</summary>
    Tamper,

    /// <summary>A correctly signed message whose timestamp is ten minutes old: outside the skew window.</summary>
    Stale,

    /// <summary>A signed body that is not valid JSON for the telemetry schema.</summary>
    Malformed,

    /// <summary>A signed body larger than any sensible telemetry limit (256 KiB).</summary>
    Oversize,

    /// <summary>A burst of messages far above the device's rate limit, sent without pause.</summary>
    Flood,
}
