using System.Collections.Concurrent;
using Palisade.Admission.Pipeline;
using Palisade.Mqtt;

namespace Palisade.Admission.Replay;

/// <summary>
/// Anti-replay (issue 5 item 2; threat 6.2 d) 2, control 8.2.5 b); docs/admission.md, "Anti-replay"): refuses a
/// device's message whose verified envelope repeats a sequence number (<c>replay.duplicate</c>), lies below its
/// sliding window (<c>replay.too-old</c>), or whose timestamp is outside the skew window (<c>replay.stale</c>,
/// <c>replay.future</c>); all with 0x83. Runs after the integrity stage and trusts only
/// <see cref="AdmissionContext.Envelope"/>, which that stage sets once the tag is verified; a message without an
/// envelope passes (whether one is required is integrity's decision).
/// <para>
/// A sequence is consumed as soon as this stage admits it, even if a later stage (validity) refuses the message:
/// the envelope was genuine, so the same bytes must not be admissible later — e.g. after the validity rules are
/// relaxed, or to a different pipeline. A device never needs to resend a sequence: it sends a new message with a new
/// sequence. A QoS 1/2 resend with DUP of an already admitted message is passed as a retransmission
/// (<see cref="AdmissionContext.IsRetransmission"/>): acknowledged, never delivered again. The one exception to
/// "consumed for good" is a message the platform then failed to store: it was not acknowledged, so
/// <see cref="Abandon"/> gives its sequence back and the device's resend is admitted.
/// </para>
/// <para>
/// Thread-safe: one window per device in a concurrent map, each used under its own lock, so devices never contend;
/// the lock matters only when a reconnect overlaps the device's old connection. No allocation on the admitted
/// path once a device's window exists. Persistence is the host's: <see cref="CaptureDirty"/> and
/// <see cref="MarkPersisted"/> for a write-behind, <see cref="Restore"/> and <see cref="RaiseTimestampFloor"/> at start.
/// </para>
/// </summary>
public sealed class ReplayStage : IAdmissionStage
{
    public const string DuplicateRefusal = "replay.duplicate";
    public const string TooOldRefusal = "replay.too-old";
    public const string StaleRefusal = "replay.stale";
    public const string FutureRefusal = "replay.future";

    private const string DuplicateText = "sequence number already used";
    private const string TooOldText = "sequence number below the replay window";
    private const string InvalidText = "sequence number 0 is not valid";
    private const string StaleText = "timestamp too far in the past";
    private const string FloorText = "timestamp before the broker's restart";
    private const string FutureText = "timestamp too far in the future";

    private readonly ConcurrentDictionary<(string Participant, string Device), ReplayWindow> _windows = new();
    private readonly int _width;
    private readonly long _maxPastMs;
    private readonly long _maxFutureMs;
    private long _floorMs = long.MinValue;

    public ReplayStage(ReplayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        _width = options.Window;
        _maxPastMs = (long)options.MaxPastSkew.TotalMilliseconds;
        _maxFutureMs = (long)options.MaxFutureSkew.TotalMilliseconds;
    }

    public string Name => "replay";

    /// <summary>Devices with a window (restored or seen since start).</summary>
    public int DeviceCount => _windows.Count;

    /// <summary>
    /// Timestamps at or before this instant are refused as <c>replay.stale</c> whatever the skew window says; null
    /// when none is set. Set after an unclean restart (see <see cref="RaiseTimestampFloor"/>).
    /// </summary>
    public DateTimeOffset? TimestampFloor
    {
        get
        {
            var floor = Volatile.Read(ref _floorMs);
            return floor == long.MinValue ? null : DateTimeOffset.FromUnixTimeMilliseconds(floor);
        }
    }

    public StageVerdict Evaluate(AdmissionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Envelope is not { } envelope)
        {
            return StageVerdict.Pass;
        }

        // Time first: cheap, lock-free, and a message refused for its time must not consume its sequence.
        var timestampMs = envelope.Timestamp.ToUnixTimeMilliseconds();
        var nowMs = context.Now.ToUnixTimeMilliseconds();
        if (timestampMs <= Volatile.Read(ref _floorMs))
        {
            return StageVerdict.Refuse(ReasonCode.ImplementationSpecificError, StaleRefusal, FloorText);
        }

        if (nowMs - timestampMs > _maxPastMs)
        {
            return StageVerdict.Refuse(ReasonCode.ImplementationSpecificError, StaleRefusal, StaleText);
        }

        if (timestampMs - nowMs > _maxFutureMs)
        {
            return StageVerdict.Refuse(ReasonCode.ImplementationSpecificError, FutureRefusal, FutureText);
        }

        var window = _windows.GetOrAdd((context.ParticipantId, context.DeviceId), static (_, width) => new ReplayWindow(width), _width);
        ReplayCheck check;
        lock (window.Gate)
        {
            check = window.TryAccept(envelope.Sequence, timestampMs);
        }

        if (check == ReplayCheck.Duplicate && context.Packet.Dup && context.Packet.QoS != QualityOfService.AtMostOnce)
        {
            // The publisher resends a message it has no acknowledgement for (the connection dropped before the PUBACK
            // arrived). The original was admitted and delivered, so delivering this copy would be the replay this stage
            // exists to stop; refusing it would tell the device its message was lost when it was not, and raise a replay
            // alarm for every flaky link. So it passes as a retransmission: judged by the later stages, acknowledged,
            // not delivered again. A forged DUP gains nothing: the copy has no effect either way.
            context.IsRetransmission = true;
            return StageVerdict.Pass;
        }

        return check switch
        {
            ReplayCheck.Accepted => StageVerdict.Pass,
            ReplayCheck.Duplicate => StageVerdict.Refuse(ReasonCode.ImplementationSpecificError, DuplicateRefusal, DuplicateText),
            // Sequence 0 precedes every valid sequence: refused as too old rather than with a code of its own.
            ReplayCheck.Invalid => StageVerdict.Refuse(ReasonCode.ImplementationSpecificError, TooOldRefusal, InvalidText),
            _ => StageVerdict.Refuse(ReasonCode.ImplementationSpecificError, TooOldRefusal, TooOldText),
        };
    }

    /// <summary>
    /// The message admitted with <paramref name="context"/>'s envelope was not stored (so not acknowledged): its sequence
    /// is released, and the device's resend of the same message is admitted once more. The window's other sequences and
    /// its highest stay as they are; a sequence that fell below the window meanwhile stays refused. The release is
    /// persisted like any change (write-behind); a crash before that write leaves the sequence consumed, as before.
    /// </summary>
    public bool Abandon(AdmissionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Envelope is not { } envelope || !_windows.TryGetValue((context.ParticipantId, context.DeviceId), out var window))
        {
            return false;
        }

        lock (window.Gate)
        {
            return window.Release(envelope.Sequence);
        }
    }

    /// <summary>
    /// Raises the timestamp floor to <paramref name="floor"/> (never lowers it). The host calls it after an unclean
    /// restart with <c>start + MaxFutureSkew</c>: every message admitted before the crash carried a timestamp at most
    /// that, so none of them — even one whose window update was not yet persisted — can be admitted again.
    /// </summary>
    public void RaiseTimestampFloor(DateTimeOffset floor)
    {
        var ms = floor.ToUnixTimeMilliseconds();
        var current = Volatile.Read(ref _floorMs);
        while (ms > current)
        {
            var seen = Interlocked.CompareExchange(ref _floorMs, ms, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>
    /// Loads persisted windows. Call at start, before the stage admits anything; a restored window replaces any
    /// window of that device.
    /// </summary>
    public void Restore(IEnumerable<ReplayWindowState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        foreach (var state in states)
        {
            var window = new ReplayWindow(_width);
            window.Restore(state);
            _windows[(state.ParticipantId, state.DeviceId)] = window;
        }
    }

    /// <summary>
    /// Copies of the windows that changed since they were last persisted. They stay dirty until
    /// <see cref="MarkPersisted"/> is called with the copies, so a failed write is retried with the next capture.
    /// </summary>
    public IReadOnlyList<ReplayWindowState> CaptureDirty()
    {
        var dirty = new List<ReplayWindowState>();
        foreach (var (key, window) in _windows)
        {
            lock (window.Gate)
            {
                if (window.IsDirty)
                {
                    dirty.Add(window.Capture(key.Participant, key.Device));
                }
            }
        }

        return dirty;
    }

    /// <summary>Records that <paramref name="states"/> (from <see cref="CaptureDirty"/>) are durably written.</summary>
    public void MarkPersisted(IEnumerable<ReplayWindowState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        foreach (var state in states)
        {
            if (_windows.TryGetValue((state.ParticipantId, state.DeviceId), out var window))
            {
                lock (window.Gate)
                {
                    window.MarkPersisted(state.Version);
                }
            }
        }
    }

    /// <summary>A copy of one device's window, or null when the device has none (diagnostics and tests).</summary>
    public ReplayWindowState? Find(string participantId, string deviceId)
    {
        if (!_windows.TryGetValue((participantId, deviceId), out var window))
        {
            return null;
        }

        lock (window.Gate)
        {
            return window.Capture(participantId, deviceId);
        }
    }
}
