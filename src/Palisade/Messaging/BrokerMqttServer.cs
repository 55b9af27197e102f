using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Palisade.Broker;
using Palisade.Broker.Hooks;
using Palisade.Edge.Admission;
using Palisade.Edge.Identity;
using Palisade.Edge.RateLimits;
using Palisade.Infrastructure.Telemetry;
using Palisade.Logging;

namespace Palisade.Messaging;

/// <summary>
/// The broker core as the host runs it. With <c>Palisade:Identity:Enabled</c> (default) its four policy hooks are
/// <see cref="IdentityHooks"/> (device identity, topic authorisation, audit); otherwise allow-all (anonymous),
/// with a warning at start.
/// </summary>
internal sealed class BrokerMqttServer : IMqttServer
{
    private readonly MqttBroker _broker;
    private readonly IdentityHooks? _identity;
    private int _disposed;

    public BrokerMqttServer(IOptions<BrokerOptions> options, IOptions<IdentityOptions> identityOptions, IServiceProvider services, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        // QoS 1/2 acknowledged only after the telemetry store committed them (Palisade:Telemetry; null when Store=none).
        var store = services.GetRequiredService<TelemetryRuntime>().Store;
        if (identityOptions.Value.Enabled)
        {
            _identity = services.GetRequiredService<IdentityRuntime>().Hooks;
            // Admission of what devices send runs behind topic authorisation; without identity there is no device to admit.
            _identity.UseAdmission(services.GetRequiredService<AdmissionRuntime>().Pipeline);
            _identity.Gate ??= services.ConnectionGateOrNull();
            _broker = new MqttBroker(options.Value, loggerFactory, _identity, _identity, _identity, _identity, timeProvider, store, services.GetService<IMeterFactory>());
        }
        else
        {
            loggerFactory.CreateLogger<BrokerMqttServer>().IdentityDisabled();
            _broker = new MqttBroker(options.Value, loggerFactory, AllowAllHooks.Instance, AllowAllHooks.Instance, AllowAllHooks.Instance, AllowAllHooks.Instance, timeProvider, store, services.GetService<IMeterFactory>());
        }
    }

    public MqttBroker Broker => _broker;

    public async Task HandleConnectionAsync(IDuplexPipe transport, ClientEndpoint endpoint, CancellationToken cancellationToken)
    {
        try
        {
            await _broker.HandleConnectionAsync(transport, endpoint, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Whatever ended the connection: release its certificate claim and forget it for revocation.
            _identity?.ConnectionEnded(endpoint.ConnectionId);
        }
    }

    /// <summary>Idempotent: the lifetime service disposes at graceful stop, the container again at exit.</summary>
    public ValueTask DisposeAsync() =>
        Interlocked.Exchange(ref _disposed, 1) == 0 ? _broker.DisposeAsync() : ValueTask.CompletedTask;
}
