namespace Palisade.Admission.Replay;

/// <summary>
/// A device's anti-replay window as persisted: the highest accepted sequence, the bitmap of accepted sequences
/// below it, and the newest accepted timestamp. The bitmap is a ring of <c>Bitmap.Length * 8</c> bits, little-endian
/// 64-bit words; sequence <c>s</c> (with <c>Highest - width &lt; s &lt;= Highest</c>) is bit <c>s mod width</c>.
/// </summary>
/// <param name="ParticipantId">The device's participant.</param>
/// <param name="DeviceId">The device (principal) id.</param>
/// <param name="HighestSequence">Highest sequence accepted so far (0: none).</param>
/// <param name="Bitmap">Ring bitmap of accepted sequences, as described above.</param>
/// <param name="LastTimestamp">Newest device timestamp accepted, or null when none.</param>
/// <param name="Version">Change counter of the window at capture; used to clear its dirty mark after a write.</param>
public sealed record ReplayWindowState(
    string ParticipantId,
    string DeviceId,
    ulong HighestSequence,
    ReadOnlyMemory<byte> Bitmap,
    DateTimeOffset? LastTimestamp,
    long Version);
