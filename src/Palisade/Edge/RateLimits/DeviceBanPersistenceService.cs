using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Palisade.Edge.Identity;

namespace Palisade.Edge.RateLimits;

/// <summary>
/// Write-behind of the device bans (<see cref="DeviceBanRuntime"/>): every second when the ban list changed, and at
/// graceful stop after the broker has closed its connections. Only with identity and rate limits on (otherwise there
/// are no device bans). Opening at start (not in the background) makes a registry that cannot be opened fail the start.
/// </summary>
internal sealed class DeviceBanPersistenceService(
    IServiceProvider services,
    IOptions<IdentityOptions> identity,
    IOptions<RateLimitOptions> rateLimits,
    TimeProvider time,
    ILogger<DeviceBanPersistenceService> logger) : BackgroundService
{
    public static TimeSpan FlushInterval { get; } = TimeSpan.FromSeconds(1);

    private DeviceBanRuntime? _runtime;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (identity.Value.Enabled && rateLimits.Value.Enabled)
        {
            _runtime = services.GetRequiredService<DeviceBanRuntime>();
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_runtime is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Flush();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping: the final write is in StopAsync.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        Flush();
    }

    private void Flush()
    {
        try
        {
            _runtime?.Flush();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Retried at the next interval: the bans are still in force in memory.
            logger.DeviceBansWriteFailed(ex);
        }
    }
}
