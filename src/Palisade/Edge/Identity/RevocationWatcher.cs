using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Palisade.Infrastructure.Audit;
using Palisade.Logging;
using Palisade.Messaging;
using Palisade.Mqtt;
using Palisade.Platform.Participants;

namespace Palisade.Edge.Identity;

/// <summary>
/// Makes revocation act on live sessions (issue 3, item 7): polls the registry's state changes — written by this
/// process or by a <c>palisade device|app revoke</c> run elsewhere against the same data folder — every
/// <see cref="IdentityOptions.RevocationPollMilliseconds"/> and disconnects the live connections of every device or
/// application that is no longer active (DISCONNECT 0x8A banned for a revoked device, 0x98 administrative action
/// otherwise; 3.1.1 clients are just closed), with one audit event each. Reconnects are refused at CONNECT anyway,
/// because admission reads the registry afresh. Polling rather than a notification, because the writer may be
/// another process; one indexed query per interval costs nothing.
/// </summary>
internal sealed class RevocationWatcher(
    IServiceProvider services,
    IOptions<IdentityOptions> options,
    TimeProvider time,
    ILogger<RevocationWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan DisconnectTimeout = TimeSpan.FromSeconds(5);
    private IdentityRuntime _identity = null!;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolved here, not injected: with identity disabled nothing in the data folder is opened.
        if (!options.Value.Enabled || services.GetRequiredService<IMqttServer>() is not BrokerMqttServer broker)
        {
            return;
        }

        _identity = services.GetRequiredService<IdentityRuntime>();

        // Changes before start need no action: no connection exists yet, and admission checks the state.
        var changes = _identity.Registry.StateChangesSince(0);
        var lastSeq = changes.Count == 0 ? 0 : changes[^1].Seq;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.RevocationPollMilliseconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    lastSeq = await PollAsync(broker, lastSeq, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.RevocationPollFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }

    private async Task<long> PollAsync(BrokerMqttServer broker, long lastSeq, CancellationToken cancellationToken)
    {
        var disconnects = new List<Task>();
        foreach (var change in _identity.Registry.StateChangesSince(lastSeq))
        {
            lastSeq = change.Seq;
            if (change.State == IdentityState.Active.ToText())
            {
                continue;
            }

            var kind = change.Kind switch
            {
                "device" => PrincipalKind.Device,
                "application" or "app" => PrincipalKind.Application,
                _ => (PrincipalKind?)null,
            };
            if (kind is null)
            {
                continue;
            }

            var reason = kind == PrincipalKind.Device && change.State == IdentityState.Revoked.ToText() ? ReasonCode.Banned : ReasonCode.AdministrativeAction;
            foreach (var clientId in _identity.Hooks.LiveClientIds(kind.Value, change.Id))
            {
                disconnects.Add(DisconnectAsync(broker, change.Kind, change.Id, change.State, clientId, reason, cancellationToken));
            }
        }

        await Task.WhenAll(disconnects).ConfigureAwait(false);
        return lastSeq;
    }

    private async Task DisconnectAsync(BrokerMqttServer broker, string kind, string id, string state, string clientId, ReasonCode reason, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DisconnectTimeout);
        bool connected;
        try
        {
            connected = await broker.Broker.DisconnectClientAsync(clientId, reason, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            connected = true; // close requested; the connection is still draining
        }

        if (!connected)
        {
            return;
        }

        logger.LiveSessionRevoked(kind, id, state, clientId);
        await _identity.Hooks.AuditAsync(new AuditEvent(time.GetUtcNow(), "system:revocation", "session.end", "client:" + clientId, AuditOutcome.Success,
            $"0x{(byte)reason:X2} {kind} {id} is {state}; live connection closed"), cancellationToken).ConfigureAwait(false);
    }
}
