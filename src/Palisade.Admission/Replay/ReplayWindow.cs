using System.Buffers.Binary;

namespace Palisade.Admission.Replay;

/// <summary>
/// One device's anti-replay state: the highest accepted sequence <c>H</c> and a ring bitmap of which of the
/// <c>width</c> sequences <c>H-width+1 .. H</c> were accepted (the IPsec/DTLS sliding window, RFC 4303 3.4.3, with
/// a configurable width). A sequence above <c>H</c> moves the window up; one inside it is accepted once; one below
/// it is refused, because whether it was seen can no longer be told. Sequence <c>s</c> lives at bit
/// <c>s mod width</c>, so moving the window only clears the bits of the sequences it passes over — no shifting.
/// Not thread-safe: the caller holds <see cref="Gate"/>. Allocation-free except for snapshots.
/// </summary>
internal sealed class ReplayWindow
{
    private const long NoTimestamp = long.MinValue;

    private readonly ulong[] _bits;
    private readonly int _width;
    private ulong _highest;
    private long _lastTimestampMs = NoTimestamp;
    private long _version;
    private long _persistedVersion;

    public ReplayWindow(int width)
    {
        if (width < 64 || width % 64 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "window width must be a positive multiple of 64");
        }

        _width = width;
        _bits = new ulong[width / 64];
    }

    /// <summary>Held by callers around every use of the window (a device's reconnect may overlap its old connection).</summary>
    public Lock Gate { get; } = new();

    public int Width => _width;

    /// <summary>Highest sequence accepted so far; 0 when none.</summary>
    public ulong Highest => _highest;

    /// <summary>Newest device timestamp accepted (Unix ms), or null.</summary>
    public long? LastTimestampMs => _lastTimestampMs == NoTimestamp ? null : _lastTimestampMs;

    /// <summary>True when the window changed since it was last persisted (see <see cref="MarkPersisted"/>).</summary>
    public bool IsDirty => _version != _persistedVersion;

    /// <summary>Checks <paramref name="sequence"/> and, when accepted, marks it as seen.</summary>
    public ReplayCheck TryAccept(ulong sequence, long timestampMs)
    {
        if (sequence == 0)
        {
            return ReplayCheck.Invalid;
        }

        if (sequence > _highest)
        {
            var advance = sequence - _highest;
            if (advance >= (ulong)_width)
            {
                Array.Clear(_bits);
            }
            else
            {
                // The slots of H+1 .. s held sequences that now fall below the window.
                ClearRing(_highest + 1, (int)advance);
            }

            _highest = sequence;
        }
        else
        {
            if (_highest - sequence >= (ulong)_width)
            {
                return ReplayCheck.TooOld;
            }

            if (IsSet(sequence))
            {
                return ReplayCheck.Duplicate;
            }
        }

        Set(sequence);
        if (timestampMs > _lastTimestampMs)
        {
            _lastTimestampMs = timestampMs;
        }

        _version++;
        return ReplayCheck.Accepted;
    }

    /// <summary>
    /// Forgets that <paramref name="sequence"/> was accepted, so it is accepted once more; false when the window does not
    /// hold it as accepted (never seen, or already below the window: then it stays refused as too old). The highest
    /// sequence does not move back: sequences accepted after this one keep their places.
    /// </summary>
    public bool Release(ulong sequence)
    {
        if (!HasSeen(sequence))
        {
            return false;
        }

        var bit = (int)(sequence % (ulong)_width);
        _bits[bit >> 6] &= ~(1UL << (bit & 63));
        _version++;
        return true;
    }

    /// <summary>True when <paramref name="sequence"/> is inside the window and was accepted (for tests and diagnostics).</summary>
    public bool HasSeen(ulong sequence) =>
        sequence != 0 && sequence <= _highest && _highest - sequence < (ulong)_width && IsSet(sequence);

    /// <summary>A copy of the window for persistence.</summary>
    public ReplayWindowState Capture(string participantId, string deviceId)
    {
        var bytes = new byte[_bits.Length * 8];
        for (var i = 0; i < _bits.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), _bits[i]);
        }

        var last = LastTimestampMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        return new ReplayWindowState(participantId, deviceId, _highest, bytes, last, _version);
    }

    /// <summary>Clears the dirty mark if nothing changed since the capture with <paramref name="version"/>.</summary>
    public void MarkPersisted(long version)
    {
        if (version > _persistedVersion)
        {
            _persistedVersion = version;
        }
    }

    /// <summary>
    /// Loads a persisted window into this (fresh) one. A bitmap of another width (the option changed between runs)
    /// is carried over for the sequences both windows cover. When the new window is wider, the sequences beyond the
    /// old width were too old before and must stay unacceptable: they are marked as seen (refused as duplicates).
    /// </summary>
    public void Restore(ReplayWindowState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var bitmap = state.Bitmap.Span;
        if (bitmap.Length == 0 || bitmap.Length % 8 != 0)
        {
            throw new ArgumentException("a persisted replay bitmap must be a whole number of 64-bit words", nameof(state));
        }

        var oldWidth = (ulong)bitmap.Length * 8;
        Array.Clear(_bits);
        _highest = state.HighestSequence;
        var span = Math.Min(oldWidth, (ulong)_width);
        for (ulong back = 0; back < span && back < _highest; back++)
        {
            var seq = _highest - back;
            var bit = seq % oldWidth;
            if ((bitmap[(int)(bit / 8)] & (1 << (int)(bit % 8))) != 0)
            {
                Set(seq);
            }
        }

        for (var back = span; back < (ulong)_width && back < _highest; back++)
        {
            Set(_highest - back);
        }

        _lastTimestampMs = state.LastTimestamp is { } last ? last.ToUnixTimeMilliseconds() : NoTimestamp;
        // Restored state is what is persisted: clean, until the next accept.
        _version = 0;
        _persistedVersion = 0;
    }

    private bool IsSet(ulong sequence)
    {
        var bit = (int)(sequence % (ulong)_width);
        return (_bits[bit >> 6] & (1UL << (bit & 63))) != 0;
    }

    private void Set(ulong sequence)
    {
        var bit = (int)(sequence % (ulong)_width);
        _bits[bit >> 6] |= 1UL << (bit & 63);
    }

    /// <summary>Clears the bits of <paramref name="count"/> (&lt; width) sequences from <paramref name="first"/> on, around the ring.</summary>
    private void ClearRing(ulong first, int count)
    {
        var start = (int)(first % (ulong)_width);
        var toEnd = _width - start;
        if (count <= toEnd)
        {
            ClearLinear(start, count);
        }
        else
        {
            ClearLinear(start, toEnd);
            ClearLinear(0, count - toEnd);
        }
    }

    /// <summary>Clears bits [start, start+count) with whole-word stores where possible.</summary>
    private void ClearLinear(int start, int count)
    {
        if (count <= 0)
        {
            return;
        }

        var last = start + count - 1;
        var firstWord = start >> 6;
        var lastWord = last >> 6;
        var headMask = ulong.MaxValue << (start & 63);
        var tailMask = ulong.MaxValue >> (63 - (last & 63));
        if (firstWord == lastWord)
        {
            _bits[firstWord] &= ~(headMask & tailMask);
            return;
        }

        _bits[firstWord] &= ~headMask;
        Array.Clear(_bits, firstWord + 1, lastWord - firstWord - 1);
        _bits[lastWord] &= ~tailMask;
    }
}
