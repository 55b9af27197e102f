using System.Net;
using Palisade.Admission.RateLimiting;
using Palisade.Broker;
using Palisade.Edge.RateLimits;
using Palisade.Infrastructure.Audit;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;
using Palisade.Tests.Edge.Admission;

namespace Palisade.Tests.Edge.RateLimits;

public class ConnectionGateTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly RecordingAuditLog _audit = new();

    private (ConnectionGate Gate, RateLimitStage Devices) Gate(double burst = 3)
    {
        var options = new RateLimitOptions { ConnectionAttemptBurst = burst, ConnectionAttemptsPerSecond = 1, ConnectionAbuseRefusals = 3 };
        var devices = new RateLimitStage(options.Policy(), options.Flapping(), options.BanPolicy(), _time);
        return (new ConnectionGate(new ConnectionAttemptLimiter(options.ConnectionAttempts(), _time), devices, _audit, _time), devices);
    }

    private static ClientEndpoint From(string address) =>
        new("c1", "tls", new IPEndPoint(IPAddress.Parse(address), 40000), true, null);

    [Fact]
    public async Task Source_over_its_attempt_rate_is_refused_with_0x9F_and_audited()
    {
        var (gate, _) = Gate();
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(await gate.CheckAsync(From("192.0.2.1"), new ConnectPacket { ClientId = "d1" }, default));
        }

        var refused = await gate.CheckAsync(From("::ffff:192.0.2.1"), new ConnectPacket { ClientId = "d1" }, default);
        Assert.Equal(ReasonCode.ConnectionRateExceeded, refused!.Value.Reason);
        Assert.Equal(3, ReasonCodeMapping.ToV311ConnAckReturnCode(refused.Value.Reason));
        var record = Assert.Single(_audit.Events);
        Assert.Equal(("connect", AuditOutcome.Refused), (record.Action, record.Outcome));
        Assert.StartsWith("0x9F source 192.0.2.1", record.Reason, StringComparison.Ordinal);
        Assert.Null(await gate.CheckAsync(From("192.0.2.2"), new ConnectPacket { ClientId = "d2" }, default));
    }

    [Fact]
    public async Task Abusive_source_is_banned_the_ban_is_an_alert_and_repeat_refusals_are_coalesced_in_the_audit()
    {
        var (gate, _) = Gate(burst: 1);
        var endpoint = From("198.51.100.9");
        Assert.Null(await gate.CheckAsync(endpoint, new ConnectPacket { ClientId = "x" }, default));
        for (var i = 0; i < 4; i++)
        {
            Assert.NotNull(await gate.CheckAsync(endpoint, new ConnectPacket { ClientId = "x" }, default));
        }

        Assert.Contains(_audit.Events, e => e.Action == "connect.ban" && e.Outcome == AuditOutcome.Alert && e.Target == "address:198.51.100.9");
        var before = _audit.Events.Count;
        for (var i = 0; i < 20; i++)
        {
            var refused = await gate.CheckAsync(endpoint, new ConnectPacket { ClientId = "x" }, default);
            Assert.Equal(ReasonCode.ConnectionRateExceeded, refused!.Value.Reason);
        }

        Assert.Equal(before + 1, _audit.Events.Count);
        _time.Advance(TimeSpan.FromSeconds(11));
        Assert.NotNull(await gate.CheckAsync(endpoint, new ConnectPacket { ClientId = "x" }, default));
        Assert.Contains("refusals since the last record", _audit.Events[^1].Reason, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await gate.CheckAsync(endpoint, new ConnectPacket { ClientId = "x" }, default));
    }

    [Fact]
    public async Task Banned_device_is_refused_with_0x8A_before_authentication_until_its_ban_ends()
    {
        var (gate, devices) = Gate(burst: 100);
        devices.Bans.Ban("plc-7");

        var refused = await gate.CheckAsync(From("192.0.2.1"), new ConnectPacket { ClientId = "plc-7" }, default);
        Assert.Equal(ReasonCode.Banned, refused!.Value.Reason);
        Assert.Equal(5, ReasonCodeMapping.ToV311ConnAckReturnCode(refused.Value.Reason));
        var record = Assert.Single(_audit.Events);
        Assert.Contains("rate.flapping", record.Reason, StringComparison.Ordinal);
        Assert.StartsWith("0x8A", record.Reason, StringComparison.Ordinal);
        Assert.Null(await gate.CheckAsync(From("192.0.2.1"), new ConnectPacket { ClientId = "plc-8" }, default));

        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.Null(await gate.CheckAsync(From("192.0.2.1"), new ConnectPacket { ClientId = "plc-7" }, default));
    }

    [Fact]
    public void Policy_takes_the_default_then_the_participant_then_the_device_class_field_by_field()
    {
        var options = new RateLimitOptions
        {
            Default = new RateLimitValues { MessagesPerSecond = 100, MessageBurst = 200, BytesPerSecond = 1000, ByteBurst = 2000 },
            Participants = { ["acme"] = new RateLimitValues { MessagesPerSecond = 10 } },
            DeviceClasses = { ["plc"] = new RateLimitValues { MessageBurst = 5, BytesPerSecond = 0 } },
        };
        var policy = options.Policy();

        Assert.Equal(new Palisade.Admission.RateLimiting.RateLimits(100, 200, 1000, 2000), policy("other", null));
        Assert.Equal(new Palisade.Admission.RateLimiting.RateLimits(10, 200, 1000, 2000), policy("acme", "sensor"));
        var plc = policy("acme", "plc");
        Assert.Equal((10, 5), (plc.MessagesPerSecond, plc.MessageBurst));
        Assert.False(plc.LimitsBytes);
    }

    private sealed class ManualTimeProvider : TimeProvider
    {
        private long _ticks = TimeSpan.TicksPerDay;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero).AddTicks(GetTimestamp());

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
