using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Palisade.Broker;
using Palisade.Broker.Hooks;

namespace Palisade.Messaging;

/// <summary>
/// The broker core as the host runs it. Policy hooks are allow-all in this release (anonymous clients); later
/// issues plug device identity, topic authorisation and admission in here.
/// </summary>
internal sealed class BrokerMqttServer(IOptions<BrokerOptions> options, ILoggerFactory loggerFactory, TimeProvider timeProvider) : IMqttServer
{
    private readonly MqttBroker _broker = new(
        options.Value,
        loggerFactory,
        AllowAllHooks.Instance,
        AllowAllHooks.Instance,
        AllowAllHooks.Instance,
        AllowAllHooks.Instance,
        timeProvider);

    public MqttBroker Broker => _broker;

    public Task HandleConnectionAsync(IDuplexPipe transport, ClientEndpoint endpoint, CancellationToken cancellationToken) =>
        _broker.HandleConnectionAsync(transport, endpoint, cancellationToken);

    private int _disposed;

    /// <summary>Idempotent: the lifetime service disposes at graceful stop, the container again at exit.</summary>
    public ValueTask DisposeAsync() =>
        Interlocked.Exchange(ref _disposed, 1) == 0 ? _broker.DisposeAsync() : ValueTask.CompletedTask;
}
