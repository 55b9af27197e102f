using System.Collections.Concurrent;
using System.Globalization;
using Palisade.Admission.Pipeline;
using Palisade.Mqtt;

namespace Palisade.Admission.RateLimiting;

/// <summary>
/// Per-device publish rate (docs/admission.md, stage 2 "rate"): a messages/s and a bytes/s token bucket per device, with
/// the limits the host's <see cref="RateLimitPolicy"/> gives its participant and device class. A publish that finds a
/// bucket empty is refused with 0x97 Quota exceeded (<c>rate.messages</c>, <c>rate.bytes</c>) and costs no token. A device
/// with more than <see cref="FlappingOptions.Refusals"/> refusals within <see cref="FlappingOptions.Window"/> is refused
/// with DISCONNECT 0x96 Message rate too high (<c>rate.flapping</c>) and banned (<see cref="Bans"/>, growing periods);
/// the host refuses its CONNECTs while the ban lasts (<see cref="IsBanned(string)"/>).
/// <para>Bytes counted are the whole payload as received (envelope included): the stage runs before any cryptography
/// so a flood costs a counter, not a signature check. State is keyed by device id (the MQTT client id of a device);
/// a device idle long enough for its buckets to refill is forgotten (swept at most once per
/// <see cref="SweepInterval"/>, inline on a publisher's thread), so memory follows the active devices.</para>
/// </summary>
internal sealed class RateLimitStage : IAdmissionStage
{
    public const string RefusalMessages = "rate.messages";
    public const string RefusalBytes = "rate.bytes";
    public const string RefusalFlapping = "rate.flapping";

    private const string MessagesText = "message rate exceeded";
    private const string BytesText = "byte rate exceeded";

    private readonly RateLimitPolicy _policy;
    private readonly TimeProvider _time;
    private readonly FlappingTracker<string> _flapping;
    private readonly ConcurrentDictionary<string, DeviceRate> _devices = new(StringComparer.Ordinal);
    private readonly long _sweepTicks;
    private long _lastSweep;

    public RateLimitStage(RateLimitPolicy policy, FlappingOptions flapping, BanPolicy bans, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(flapping);
        ArgumentNullException.ThrowIfNull(bans);
        ArgumentNullException.ThrowIfNull(time);
        _policy = policy;
        _time = time;
        _flapping = new FlappingTracker<string>(flapping.Refusals, flapping.Window, time);
        Bans = new BanList<string>(bans, time);
        _sweepTicks = (long)(SweepInterval.TotalSeconds * time.TimestampFrequency);
        _lastSweep = time.GetTimestamp();
    }

    /// <summary>How often idle device state is swept.</summary>
    public static TimeSpan SweepInterval { get; } = TimeSpan.FromMinutes(1);

    public string Name => "rate";

    /// <summary>Devices banned for flapping; shared with the host's CONNECT gate.</summary>
    public BanList<string> Bans { get; }

    /// <summary>Devices whose rate state is held now.</summary>
    public int TrackedDevices => _devices.Count;

    public bool IsBanned(string deviceId) => Bans.IsBanned(deviceId);

    public StageVerdict Evaluate(AdmissionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = _time.GetTimestamp();
        MaybeSweep(now);
        var device = _devices.GetOrAdd(context.DeviceId, static (_, arg) => arg.Stage.Create(arg.Context, arg.Now), (Stage: this, Context: context, Now: now));
        var messages = device.Messages;
        if (messages is not null && !messages.TryTake(1, now))
        {
            return Violation(context.DeviceId, RefusalMessages, MessagesText);
        }

        if (device.Bytes is { } bytes && !bytes.TryTake(context.Packet.Payload.Length, now))
        {
            messages?.Refund(1);
            return Violation(context.DeviceId, RefusalBytes, BytesText);
        }

        return StageVerdict.Pass;
    }

    /// <summary>Forgets devices whose buckets are full again (idle) and old violation records.</summary>
    public int Sweep()
    {
        var now = _time.GetTimestamp();
        var removed = 0;
        foreach (var (id, device) in _devices)
        {
            if ((device.Messages is null || device.Messages.IsFullAt(now)) && (device.Bytes is null || device.Bytes.IsFullAt(now))
                && _devices.TryRemove(id, out _))
            {
                removed++;
            }
        }

        _flapping.Sweep();
        Bans.Sweep();
        return removed;
    }

    private StageVerdict Violation(string deviceId, string refusal, string text)
    {
        if (!_flapping.RecordViolation(deviceId))
        {
            return StageVerdict.Refuse(ReasonCode.QuotaExceeded, refusal, text);
        }

        var (duration, strike) = Bans.Ban(deviceId);
        // Its buckets start full after the ban: forget them with the connection.
        _devices.TryRemove(deviceId, out _);
        return StageVerdict.RefuseAndDisconnect(ReasonCode.MessageRateTooHigh, RefusalFlapping,
            string.Create(CultureInfo.InvariantCulture, $"rate limit broken repeatedly; banned for {(long)duration.TotalSeconds} s (ban {strike} within {(long)Bans.Policy.RepeatWindow.TotalHours} h)"));
    }

    private DeviceRate Create(AdmissionContext context, long now)
    {
        var limits = _policy(context.ParticipantId, context.DeviceClass);
        var frequency = _time.TimestampFrequency;
        return new DeviceRate(
            limits.LimitsMessages ? new TokenBucket(limits.MessagesPerSecond, Math.Max(1, limits.MessageBurst), now, frequency) : null,
            limits.LimitsBytes ? new TokenBucket(limits.BytesPerSecond, Math.Max(1, limits.ByteBurst), now, frequency) : null);
    }

    private void MaybeSweep(long now)
    {
        var last = Volatile.Read(ref _lastSweep);
        if (now - last > _sweepTicks && Interlocked.CompareExchange(ref _lastSweep, now, last) == last)
        {
            Sweep();
        }
    }

    private sealed record DeviceRate(TokenBucket? Messages, TokenBucket? Bytes);
}

/// <summary>When a key counts as flapping: more than <see cref="Refusals"/> refusals within <see cref="Window"/>.
/// Defaults 50 within 10 s: a device slightly over its rate (a few refusals a second) is only throttled; a flood
/// (thousands a second) is disconnected and banned within milliseconds.</summary>
public sealed record FlappingOptions
{
    public int Refusals { get; init; } = 50;
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);
}
