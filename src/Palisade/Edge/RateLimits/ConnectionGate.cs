using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Palisade.Admission.RateLimiting;
using Palisade.Broker;
using Palisade.Broker.Hooks;
using Palisade.Infrastructure.Audit;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;

namespace Palisade.Edge.RateLimits;

/// <summary>
/// The first check of a CONNECT, before any identity work (certificate chain, PBKDF2): a source address over its attempt
/// rate, or serving a ban, is refused with 0x9F Connection rate exceeded (3.1.1: 3, server unavailable); a client id that
/// is a banned device is refused with 0x8A Banned (3.1.1: 5). The device check uses the client id the CONNECT claims —
/// safe before authentication because a device's client id must be its device id, so a refusal only ever hits the
/// banned identity (an impostor with that id would be refused anyway). 3.1.1 codes come from ReasonCodeMapping.
/// <para>Every decision that refuses is audited (action "connect", outcome refused, the reason code and why), and each
/// new address ban as an alert ("connect.ban"). Admitted attempts are audited by the identity hooks' connect record.
/// Refusals during an active ban are coalesced: at most one record per banned key per <see cref="BannedAuditInterval"/>,
/// carrying how many refusals it stands for, so a reconnect loop cannot turn the audit chain into a flood.</para>
/// </summary>
internal sealed class ConnectionGate
{
    private const int MaximumCoalescedKeys = 10_000;

    private readonly ConnectionAttemptLimiter _attempts;
    private readonly RateLimitStage _devices;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Coalesced> _bannedAudits = new(StringComparer.Ordinal);

    public ConnectionGate(ConnectionAttemptLimiter attempts, RateLimitStage devices, IAuditLog audit, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(time);
        _attempts = attempts;
        _devices = devices;
        _audit = audit;
        _time = time;
    }

    public static TimeSpan BannedAuditInterval { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Null when the attempt may go on to authentication; otherwise the refusal to answer with.</summary>
    public async ValueTask<AuthenticationResult?> CheckAsync(ClientEndpoint endpoint, ConnectPacket connect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(connect);
        var source = (endpoint.RemoteEndPoint as IPEndPoint)?.Address;
        var verdict = _attempts.TryAttempt(source, out var ban);
        if (verdict != ConnectionAttemptVerdict.Allowed)
        {
            var key = AddressKey.From(source!).ToString();
            var why = verdict switch
            {
                ConnectionAttemptVerdict.RateExceeded => $"source {key} over its connection attempt rate",
                ConnectionAttemptVerdict.BannedNow => $"source {key} banned for {Seconds(ban)} s after repeated excess",
                _ => $"source {key} banned, {Seconds(ban)} s remaining",
            };
            if (verdict == ConnectionAttemptVerdict.BannedNow)
            {
                await _audit.WriteAsync(new AuditEvent(_time.GetUtcNow(), "palisade", "connect.ban", "address:" + key, AuditOutcome.Alert,
                    why, source?.ToString()), cancellationToken).ConfigureAwait(false);
            }

            await AuditRefusalAsync(connect, ReasonCode.ConnectionRateExceeded, why, source, verdict == ConnectionAttemptVerdict.Banned ? "address:" + key : null, cancellationToken)
                .ConfigureAwait(false);
            return AuthenticationResult.Refuse(ReasonCode.ConnectionRateExceeded, "connection rate exceeded");
        }

        if (connect.ClientId.Length > 0 && _devices.Bans.IsBanned(connect.ClientId, out var remaining))
        {
            var why = $"device {connect.ClientId} banned for breaking its rate limits repeatedly (rate.flapping), {Seconds(remaining)} s remaining";
            await AuditRefusalAsync(connect, ReasonCode.Banned, why, source, "device:" + connect.ClientId, cancellationToken).ConfigureAwait(false);
            return AuthenticationResult.Refuse(ReasonCode.Banned, "banned");
        }

        return null;
    }

    private async ValueTask AuditRefusalAsync(ConnectPacket connect, ReasonCode reason, string why, IPAddress? source, string? coalesceKey, CancellationToken cancellationToken)
    {
        var count = 1;
        if (coalesceKey is not null && !ShouldAuditBanned(coalesceKey, out count))
        {
            return;
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"0x{(byte)reason:X2} {why}") + (count > 1 ? string.Create(CultureInfo.InvariantCulture, $" ({count} refusals since the last record)") : "");
        await _audit.WriteAsync(new AuditEvent(_time.GetUtcNow(), "client:" + connect.ClientId, "connect", "client:" + connect.ClientId, AuditOutcome.Refused,
            text, source?.ToString()), cancellationToken).ConfigureAwait(false);
    }

    private bool ShouldAuditBanned(string key, out int count)
    {
        var now = _time.GetTimestamp();
        if (_bannedAudits.Count > MaximumCoalescedKeys)
        {
            // Bounded: forgetting only means one more record for a key.
            _bannedAudits.Clear();
        }

        var entry = _bannedAudits.GetOrAdd(key, static _ => new Coalesced());
        lock (entry)
        {
            entry.Pending++;
            if (entry.LastWritten != 0 && _time.GetElapsedTime(entry.LastWritten, now) < BannedAuditInterval)
            {
                count = 0;
                return false;
            }

            count = entry.Pending;
            entry.Pending = 0;
            entry.LastWritten = now;
            return true;
        }
    }

    private static long Seconds(TimeSpan span) => (long)Math.Ceiling(span.TotalSeconds);

    private sealed class Coalesced
    {
        public long LastWritten;
        public int Pending;
    }
}
