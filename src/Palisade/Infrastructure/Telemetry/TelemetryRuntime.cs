using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Palisade.Broker.Hooks;

namespace Palisade.Infrastructure.Telemetry;

/// <summary>
/// Opens the configured telemetry store when the broker is built and closes it (committing what is queued) after the
/// broker stopped: the container disposes it after the broker server, which resolved it.
/// </summary>
internal sealed class TelemetryRuntime : IAsyncDisposable
{
    private readonly TelemetryStore? _store;

    public TelemetryRuntime(IOptions<TelemetryOptions> options, DataDirectory dataDirectory, TimeProvider time, ILoggerFactory loggerFactory)
    {
        var value = options.Value;
        var logger = loggerFactory.CreateLogger("Palisade.Telemetry");
        switch (value.Store.Trim().ToLowerInvariant())
        {
            case TelemetryStoreKind.None:
                TelemetryLog.StoreDisabled(logger);
                break;
            case TelemetryStoreKind.Postgres:
                // At start, once: the host is not serving yet, and a store that cannot be reached must stop the start.
#pragma warning disable CA2012 // Awaited right here, through the synchronous bridge of the container's constructor.
                _store = PostgresTelemetryStore.OpenAsync(value.ConnectionString!, value, time, logger, CancellationToken.None)
                    .GetAwaiter().GetResult();
#pragma warning restore CA2012
                break;
            default:
                _store = new SqliteTelemetryStore(dataDirectory.PathOf(TelemetrySchema.FileName), value, time, logger);
                break;
        }
    }

    /// <summary>The store handed to the broker; null when <c>Store=none</c>.</summary>
    public IMessageStore? Store => _store;

    /// <summary>The concrete store, for counters; null when <c>Store=none</c>.</summary>
    public TelemetryStore? Telemetry => _store;

    public ValueTask DisposeAsync() => _store?.DisposeAsync() ?? ValueTask.CompletedTask;
}
