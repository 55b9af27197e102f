using Palisade.Edge.Admission;
using Palisade.Infrastructure.Audit;
using Palisade.Tests.TestSupport;

namespace Palisade.Tests.Edge.Admission;

/// <summary>A flood of refusals must not flood the audit log, and must not vanish from it either.</summary>
public sealed class AdmissionAuditorTests : IDisposable
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 26, 1, 0, 5, TimeSpan.Zero));
    private readonly RecordingAuditLog _audit = new();
    private readonly IsolatedMeterFactory _meters = new();
    private readonly AdmissionMetrics _metrics;
    private readonly AdmissionAuditor _auditor;

    public AdmissionAuditorTests()
    {
        _metrics = new AdmissionMetrics(_meters);
        _auditor = new AdmissionAuditor(_audit, _metrics, new AdmissionAuditOptions { RecordsPerDevicePerMinute = 3 }, _clock);
    }

    public void Dispose()
    {
        _auditor.Dispose();
        _metrics.Dispose();
        _meters.Dispose();
    }

    [Fact]
    public async Task First_refusals_of_a_minute_are_audited_one_by_one_then_one_summary_counts_the_rest()
    {
        for (var i = 0; i < 10; i++)
        {
            await _auditor.RefusedAsync("device:acme/press-1", "p/acme/d/press-1/telemetry/t", i < 8 ? "rate.messages" : "rate.bytes", 0x97, "quota", false, default);
        }

        Assert.Equal(3, _audit.Events.Count);
        Assert.All(_audit.Events, e => Assert.StartsWith("rate.messages (0x97)", e.Reason, StringComparison.Ordinal));

        _clock.Advance(TimeSpan.FromMinutes(1)); // the sweep writes the ended minute's summary

        Assert.Equal(4, _audit.Events.Count);
        var summary = _audit.Events[3];
        Assert.Equal("device:acme/press-1", summary.Actor);
        Assert.Equal("publish", summary.Action);
        Assert.Equal(AdmissionAuditor.CoalescedTarget, summary.Target);
        Assert.Equal(AuditOutcome.Refused, summary.Outcome);
        Assert.Contains("7 further refusal(s)", summary.Reason, StringComparison.Ordinal);
        Assert.Contains("rate.bytes 2", summary.Reason, StringComparison.Ordinal);
        Assert.Contains("rate.messages 5", summary.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Next_minute_audits_individually_again_and_other_devices_have_their_own_allowance()
    {
        for (var i = 0; i < 5; i++)
        {
            await _auditor.RefusedAsync("device:acme/a", "t", "replay.duplicate", 0x83, "dup", false, default);
        }

        await _auditor.RefusedAsync("device:acme/b", "t", "replay.duplicate", 0x83, "dup", false, default);
        Assert.Equal(4, _audit.Events.Count);

        _clock.Advance(TimeSpan.FromSeconds(55)); // 01:01:00: a's refusal rolls the minute before the sweep
        await _auditor.RefusedAsync("device:acme/a", "t", "replay.duplicate", 0x83, "dup", false, default);

        var actorA = _audit.Events.Where(e => e.Actor == "device:acme/a").ToList();
        Assert.Equal(5, actorA.Count); // 3 individual, 1 summary of 2, 1 individual in the new minute
        Assert.Contains("2 further refusal(s)", actorA[3].Reason, StringComparison.Ordinal);
        Assert.StartsWith("replay.duplicate", actorA[4].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disconnecting_refusals_are_always_audited_individually()
    {
        for (var i = 0; i < 6; i++)
        {
            await _auditor.RefusedAsync("device:acme/a", "t", "rate.flapping", 0x96, "banned", true, default);
        }

        Assert.Equal(6, _audit.Events.Count);
    }

    [Fact]
    public async Task Summary_of_the_minute_in_progress_is_written_at_stop()
    {
        for (var i = 0; i < 4; i++)
        {
            await _auditor.RefusedAsync("device:acme/a", "t", "rate.messages", 0x97, "quota", false, default);
        }

        _auditor.Dispose();

        Assert.Equal(4, _audit.Events.Count);
        Assert.Contains("1 further refusal(s)", _audit.Events[3].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sparkplug_gaps_are_audited_as_admitted_and_coalesced_apart_from_the_refusals()
    {
        var gaps = new SparkplugGapAuditor(_auditor, _metrics);
        for (var i = 0; i < 5; i++)
        {
            gaps.OnSequenceGap(new Palisade.Admission.Validity.Sparkplug.SparkplugSequenceGap("acme", "edge-1", null,
                Palisade.Admission.Validity.Sparkplug.SparkplugMessageType.NData, 2, 6));
        }

        // The gaps used none of the refusals' allowance: three refusals are still audited one by one.
        for (var i = 0; i < 3; i++)
        {
            await _auditor.RefusedAsync("device:acme/edge-1", "t", "validity.sparkplug", 0x99, "no current birth", false, default);
        }

        Assert.Equal(6, _audit.Events.Count);
        var gap = _audit.Events[0];
        Assert.Equal("device:acme/edge-1", gap.Actor);
        Assert.Equal("publish", gap.Action);
        Assert.Equal("spBv1.0/acme/NDATA/edge-1", gap.Target);
        Assert.Equal(AuditOutcome.Success, gap.Outcome);
        Assert.Equal("validity.sparkplug-gap: seq 6 where 2 was expected (4 message(s) missing or reordered)", gap.Reason);
        Assert.All(_audit.Events.Skip(3), e => Assert.Equal(AuditOutcome.Refused, e.Outcome));

        _clock.Advance(TimeSpan.FromMinutes(1));

        var summary = Assert.Single(_audit.Events.Skip(6));
        Assert.Equal(AuditOutcome.Success, summary.Outcome);
        Assert.Equal(AdmissionAuditor.CoalescedTarget, summary.Target);
        Assert.Contains("2 further observation(s) of device:acme/edge-1", summary.Reason, StringComparison.Ordinal);
        Assert.Contains("validity.sparkplug-gap 2", summary.Reason, StringComparison.Ordinal);
    }
}
