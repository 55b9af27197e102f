using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Palisade.Broker.Connections;
using Palisade.Broker.Diagnostics;
using Palisade.Broker.Hooks;

namespace Palisade.Broker;

/// <summary>
/// The broker core. Listeners hand it each accepted transport as an <see cref="IDuplexPipe"/>; it speaks MQTT on it
/// until the connection ends. Policy comes from the hooks; the core itself is protocol only.
/// </summary>
public sealed class MqttBroker : IAsyncDisposable
{
    private readonly BrokerCore _core;
    private readonly ITimer _sweeper;
    private int _disposed;

    /// <summary>Creates a broker. Hooks left null allow everything (<see cref="AllowAllHooks"/>). Without a
    /// <paramref name="messageStore"/>, QoS 1/2 messages are acknowledged as soon as they are routed; with one, only once
    /// the store has committed them (see <see cref="IMessageStore"/>). Its counters are published on the meter
    /// "Palisade.Broker", created through <paramref name="meterFactory"/> when given (so a host's exporter can tell its own
    /// broker from others in the process).</summary>
    public MqttBroker(
        BrokerOptions options,
        ILoggerFactory loggerFactory,
        IConnectionAuthenticator? authenticator = null,
        ISubscriptionAuthorizer? subscriptionAuthorizer = null,
        IPublishAdmission? publishAdmission = null,
        IDeliveryFilter? deliveryFilter = null,
        TimeProvider? timeProvider = null,
        IMessageStore? messageStore = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var time = timeProvider ?? TimeProvider.System;
        _core = new BrokerCore(
            options,
            loggerFactory.CreateLogger(BrokerLog.Category),
            authenticator ?? AllowAllHooks.Instance,
            subscriptionAuthorizer ?? AllowAllHooks.Instance,
            publishAdmission ?? AllowAllHooks.Instance,
            deliveryFilter ?? AllowAllHooks.Instance,
            time,
            meterFactory)
        {
            MessageStore = messageStore,
        };
        // One timer for the whole broker, not one per connection: idle connections cost no timer.
        _sweeper = time.CreateTimer(static state => ((MqttBroker)state!).Sweep(), this, options.SweepInterval, options.SweepInterval);
    }

    /// <summary>Counters for metrics.</summary>
    internal BrokerStats Stats => _core.Stats;

    /// <summary>Shared state, for tests and the host.</summary>
    internal BrokerCore Core => _core;

    /// <summary>Runs MQTT on one accepted transport until it closes, the client disconnects, or <paramref name="cancellationToken"/> fires.
    /// Never throws for protocol or I/O errors of the client; those end the connection (and are logged).</summary>
    public Task HandleConnectionAsync(IDuplexPipe transport, ClientEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(endpoint);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var connection = new MqttConnection(_core, transport, endpoint);
        _core.Register(connection);
        BrokerLog.ConnectionOpened(_core.Logger, endpoint.ConnectionId, endpoint.ListenerName);
        var run = connection.RunAsync(cancellationToken);
        connection.Completion = run;
        return run;
    }

    /// <summary>Disconnects one client by client id with the given 5.0 reason (used by revocation in later issues). Returns whether it was connected.</summary>
    public async ValueTask<bool> DisconnectClientAsync(string clientId, Palisade.Mqtt.ReasonCode reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        if (_core.Sessions.Find(clientId)?.Connection is not { } connection)
        {
            return false;
        }

        connection.RequestClose(reason, "disconnected by the server");
        await (connection.Completion ?? Task.CompletedTask).WaitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Graceful shutdown: sends DISCONNECT 0x8B (server shutting down) to 5.0 clients, closes all, stops timers.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _sweeper.DisposeAsync().ConfigureAwait(false);
        _core.Metrics.Dispose();
        var connections = _core.Connections.ToList();
        BrokerLog.ShuttingDown(_core.Logger, connections.Count);
        foreach (var connection in connections)
        {
            connection.RequestClose(Palisade.Mqtt.ReasonCode.ServerShuttingDown, "server shutting down");
        }

        var all = Task.WhenAll(connections.Select(c => c.Completion ?? Task.CompletedTask));
        try
        {
            await all.WaitAsync(TimeSpan.FromSeconds(10), _core.Time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Connections whose peers stopped reading are abandoned; their transports are closed by the host.
        }
    }

    private void Sweep()
    {
        try
        {
            _core.Sweep();
        }
#pragma warning disable CA1031 // A failing sweep must not kill the timer; it is logged and retried on the next tick.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            BrokerLog.SweepFailed(_core.Logger, ex);
        }
    }
}
