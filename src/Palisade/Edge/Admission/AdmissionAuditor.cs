using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Palisade.Infrastructure.Audit;

namespace Palisade.Edge.Admission;

/// <summary>
/// Writes admission refusals to the audit log without letting a flood of refusals flood the log. Per device and per
/// minute (wall clock, UTC), the first <see cref="AdmissionAuditOptions.RecordsPerDevicePerMinute"/> refusals are audited
/// one by one (actor <c>device:{participant}/{id}</c>, action <c>publish</c>, target the topic, outcome refused, reason
/// <c>{code} (0x{reason}): {detail}</c>); the minute's further refusals are only counted, and ONE summary record
/// (target <c>admission</c>, reason <c>admission.coalesced: N further refusals ... (code count, ...)</c>) is written when
/// the minute is over — at the device's next refusal or by the sweep that runs every 15 s, whichever comes first.
/// A refusal that disconnects (rate.flapping) is always audited individually.
/// <para>Observations of admitted messages (a Sparkplug B seq gap, <see cref="Observed"/>) are coalesced the same way
/// in a window of their own (so a device that skips seq on every message cannot push its refusals out of the log, nor
/// the reverse): outcome success, reason <c>{code}: {detail}</c>, summary <c>admission.coalesced: N further
/// observation(s) ...</c>. They are written without waiting (the observer is called inside the admission of a
/// message); a full audit queue loses them with an audit.lost record, never silently.</para>
/// Thread-safe; memory is bounded by the devices refused in the last minute (idle windows are swept away).
/// </summary>
internal sealed class AdmissionAuditor : IDisposable
{
    public const string CoalescedTarget = "admission";
    public const string CoalescedCode = "admission.coalesced";

    private static readonly TimeSpan SweepPeriod = TimeSpan.FromSeconds(15);
    private static readonly WindowKind RefusalKind = new("refusal(s)", AuditOutcome.Refused);
    private static readonly WindowKind ObservationKind = new("observation(s)", AuditOutcome.Success);

    private readonly IAuditLog _audit;
    private readonly AdmissionMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly int _perMinute;
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Window> _observations = new(StringComparer.Ordinal);
    private readonly ITimer _sweep;

    public AdmissionAuditor(IAuditLog audit, AdmissionMetrics metrics, AdmissionAuditOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _audit = audit;
        _metrics = metrics;
        _time = time;
        _perMinute = options.RecordsPerDevicePerMinute;
        _sweep = time.CreateTimer(_ => Sweep(), null, SweepPeriod, SweepPeriod);
    }

    /// <summary>
    /// Audits one refusal, or counts it into the minute's summary. Completes synchronously unless the audit queue is full
    /// (then the refusing connection waits for room: back-pressure on the flooder, never a lost record).
    /// </summary>
    public ValueTask RefusedAsync(string actor, string topic, string code, byte reason, string? detail, bool always, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var minute = now.ToUnixTimeSeconds() / 60;
        var window = _windows.GetOrAdd(actor, static _ => new Window(RefusalKind));
        AuditEvent? summary;
        bool individual;
        lock (window)
        {
            summary = window.Minute != minute ? window.Roll(actor, minute) : null;
            window.Count++;
            individual = always || window.Count <= _perMinute;
            if (!individual)
            {
                window.Coalesce(code);
            }
        }

        if (!individual)
        {
            _metrics.Coalesced();
        }

        var record = individual
            ? new AuditEvent(now, actor, "publish", topic, AuditOutcome.Refused,
                string.Create(CultureInfo.InvariantCulture, $"{code} (0x{reason:X2}): {detail}"))
            : null;
        return (summary, record) switch
        {
            (null, null) => ValueTask.CompletedTask,
            (null, { } only) => _audit.WriteAsync(only, cancellationToken),
            ({ } only, null) => _audit.WriteAsync(only, cancellationToken),
            ({ } first, { } second) => WriteBothAsync(first, second, cancellationToken),
        };
    }

    /// <summary>
    /// Audits something seen in a message that was admitted (e.g. <c>validity.sparkplug-gap</c>), or counts it into the
    /// minute's summary of observations. Never waits: see the class remarks.
    /// </summary>
    public void Observed(string actor, string topic, string code, string detail)
    {
        var now = _time.GetUtcNow();
        var minute = now.ToUnixTimeSeconds() / 60;
        var window = _observations.GetOrAdd(actor, static _ => new Window(ObservationKind));
        AuditEvent? summary;
        bool individual;
        lock (window)
        {
            summary = window.Minute != minute ? window.Roll(actor, minute) : null;
            window.Count++;
            individual = window.Count <= _perMinute;
            if (!individual)
            {
                window.Coalesce(code);
            }
        }

        if (!individual)
        {
            _metrics.Coalesced();
        }

        if (summary is not null)
        {
            _audit.TryWrite(summary);
        }

        if (individual)
        {
            _audit.TryWrite(new AuditEvent(now, actor, "publish", topic, AuditOutcome.Success, code + ": " + detail));
        }
    }

    /// <summary>Writes the summaries of minutes that are over (also called by the periodic sweep).</summary>
    public void Sweep()
    {
        Sweep(_windows);
        Sweep(_observations);
    }

    private void Sweep(ConcurrentDictionary<string, Window> windows)
    {
        var minute = _time.GetUtcNow().ToUnixTimeSeconds() / 60;
        foreach (var (actor, window) in windows)
        {
            AuditEvent? summary = null;
            lock (window)
            {
                if (window.Minute == minute)
                {
                    continue;
                }

                summary = window.Roll(actor, minute);
                if (window.Count == 0)
                {
                    // Nothing this minute: forget the device (a later refusal creates a fresh window).
                    windows.TryRemove(new KeyValuePair<string, Window>(actor, window));
                }
            }

            if (summary is not null && !_audit.TryWrite(summary))
            {
                // The audit log records an "audit.lost" alert with the count itself; nothing else to do here.
                continue;
            }
        }
    }

    public void Dispose()
    {
        _sweep.Dispose();
        // Minutes in progress: their coalesced counts still reach the log at a graceful stop.
        foreach (var (actor, window) in _windows.Concat(_observations))
        {
            AuditEvent? summary;
            lock (window)
            {
                summary = window.Flush(actor);
            }

            if (summary is not null)
            {
                _audit.TryWrite(summary);
            }
        }
    }

    private async ValueTask WriteBothAsync(AuditEvent first, AuditEvent second, CancellationToken cancellationToken)
    {
        await _audit.WriteAsync(first, cancellationToken).ConfigureAwait(false);
        await _audit.WriteAsync(second, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What a window counts: its noun in the summary and the summary's outcome.</summary>
    private sealed record WindowKind(string Noun, string Outcome);

    /// <summary>One device's refusals (or observations) in the current minute. Guarded by its own lock.</summary>
    private sealed class Window(WindowKind kind)
    {
        private readonly SortedDictionary<string, long> _coalescedByCode = new(StringComparer.Ordinal);

        public long Minute { get; private set; } = long.MinValue;

        public int Count { get; set; }

        private long Coalesced { get; set; }

        public void Coalesce(string code)
        {
            Coalesced++;
            _coalescedByCode[code] = _coalescedByCode.TryGetValue(code, out var n) ? n + 1 : 1;
        }

        /// <summary>Starts <paramref name="minute"/>; returns the summary of the minute that ended, if any was coalesced.</summary>
        public AuditEvent? Roll(string actor, long minute)
        {
            var summary = Flush(actor);
            Minute = minute;
            Count = 0;
            return summary;
        }

        public AuditEvent? Flush(string actor)
        {
            if (Coalesced == 0)
            {
                return null;
            }

            var start = DateTimeOffset.FromUnixTimeSeconds(Minute * 60);
            var detail = new StringBuilder();
            detail.Append(CultureInfo.InvariantCulture, $"{CoalescedCode}: {Coalesced} further {kind.Noun} of {actor} from {start:yyyy-MM-dd'T'HH:mm}Z for one minute, not audited one by one (");
            var first = true;
            foreach (var (code, count) in _coalescedByCode)
            {
                detail.Append(first ? "" : ", ").Append(code).Append(' ').Append(count.ToString(CultureInfo.InvariantCulture));
                first = false;
            }

            detail.Append(')');
            Coalesced = 0;
            _coalescedByCode.Clear();
            return new AuditEvent(start.AddMinutes(1), actor, "publish", CoalescedTarget, kind.Outcome, detail.ToString());
        }
    }
}
