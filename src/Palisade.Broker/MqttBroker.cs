using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Palisade.Broker.Hooks;

namespace Palisade.Broker;

/// <summary>
/// The broker core. Listeners hand it each accepted transport as an <see cref="IDuplexPipe"/>; it speaks MQTT on it
/// until the connection ends. Policy comes from the hooks; the core itself is protocol only.
/// </summary>
public sealed class MqttBroker : IAsyncDisposable
{
    public MqttBroker(
        BrokerOptions options,
        ILoggerFactory loggerFactory,
        IConnectionAuthenticator? authenticator = null,
        ISubscriptionAuthorizer? subscriptionAuthorizer = null,
        IPublishAdmission? publishAdmission = null,
        IDeliveryFilter? deliveryFilter = null,
        TimeProvider? timeProvider = null)
    {
        throw new NotImplementedException("CONTRACT: implemented by the broker core work.");
    }

    /// <summary>Runs MQTT on one accepted transport until it closes, the client disconnects, or <paramref name="cancellationToken"/> fires.
    /// Never throws for protocol or I/O errors of the client; those end the connection (and are logged).</summary>
    public Task HandleConnectionAsync(IDuplexPipe transport, ClientEndpoint endpoint, CancellationToken cancellationToken)
    {
        throw new NotImplementedException("CONTRACT: implemented by the broker core work.");
    }

    /// <summary>Disconnects one client by client id with the given 5.0 reason (used by revocation in later issues). Returns whether it was connected.</summary>
    public ValueTask<bool> DisconnectClientAsync(string clientId, Palisade.Mqtt.ReasonCode reason, CancellationToken cancellationToken)
    {
        throw new NotImplementedException("CONTRACT: implemented by the broker core work.");
    }

    /// <summary>Graceful shutdown: sends DISCONNECT 0x8B (server shutting down) to 5.0 clients, closes all, stops timers.</summary>
    public ValueTask DisposeAsync()
    {
        throw new NotImplementedException("CONTRACT: implemented by the broker core work.");
    }
}
