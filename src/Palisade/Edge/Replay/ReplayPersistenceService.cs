using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Palisade.Admission.Replay;
using Palisade.Edge.Identity;

namespace Palisade.Edge.Replay;

/// <summary>
/// Write-behind of the anti-replay windows: every <see cref="ReplayOptions.FlushInterval"/> the changed windows go
/// to the registry in one transaction; at graceful stop — after the broker has closed its connections in its
/// StoppingAsync, which the host runs before any StopAsync — a final flush and the clean-stop mark. Opens the state
/// at start (restore before the broker admits anything) unless identity is off: without authenticated devices
/// there is no per-device window to keep.
/// </summary>
internal sealed class ReplayPersistenceService(
    IServiceProvider services,
    IOptions<IdentityOptions> identity,
    IOptions<ReplayOptions> options,
    TimeProvider time,
    ILogger<ReplayPersistenceService> logger) : BackgroundService
{
    private ReplayRuntime? _runtime;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (identity.Value.Enabled)
        {
            // Here, not in ExecuteAsync (which runs in the background): a registry that cannot be opened fails the start.
            _runtime = services.GetRequiredService<ReplayRuntime>();
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_runtime is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    _runtime.Flush();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.ReplayFlushFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping: the final flush is in StopAsync.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_runtime is null)
        {
            return;
        }

        try
        {
            _runtime.Shutdown();
        }
        catch (Exception ex)
        {
            logger.ReplayShutdownFailed(ex);
        }
    }
}
