using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Palisade.Edge.Transport;
using Palisade.Hosting;
using Palisade.Infrastructure;
using Palisade.Logging;

namespace Palisade.Messaging;

/// <summary>
/// Start and graceful stop of the broker around Kestrel. At start (before any listener binds) the data folder,
/// server certificate and broker are created, so a bad key or option fails the start instead of the first client.
/// At stop, in <see cref="StoppingAsync"/> — which the host runs before any service's StopAsync, so before Kestrel
/// waits for open connections — the broker sends DISCONNECT 0x8B (server shutting down) to 5.0 clients and
/// closes every connection; listeners already refuse new connections since ApplicationStopping fired.
/// </summary>
internal sealed class MqttServerLifetime(
    IServiceProvider services,
    IOptions<PalisadeOptions> options,
    BoundPortsReporter portsReporter,
    IHostApplicationLifetime lifetime,
    ILogger<MqttServerLifetime> logger) : IHostedLifecycleService
{
    private IMqttServer? _server;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<ServerCertificate>();
        _server = services.GetRequiredService<IMqttServer>();
        lifetime.ApplicationStarted.Register(() =>
        {
            portsReporter.ReportStarted();
            logger.HostStarted(Path.GetFullPath(options.Value.DataDirectory));
        });
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        logger.HostStopping();
        portsReporter.ReportStopped();
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        logger.HostStopped();
        return Task.CompletedTask;
    }
}
