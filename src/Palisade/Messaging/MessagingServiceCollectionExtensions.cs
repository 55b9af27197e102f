using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;
using Palisade.Broker;
using Palisade.Edge.Identity;
using Palisade.Edge.RateLimits;
using Palisade.Hosting;
using Palisade.Infrastructure;
using Palisade.Infrastructure.Telemetry;

namespace Palisade.Messaging;

/// <summary>Registers the broker core with its options (section <c>Palisade:Broker</c>) and its lifetime.</summary>
internal static class MessagingServiceCollectionExtensions
{
    public static IServiceCollection AddPalisadeBroker(this IServiceCollection services)
    {
        services.AddOptions<BrokerOptions>()
            .BindConfiguration(BrokerOptionsValidator.SectionName, binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BrokerOptions>, BrokerOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMqttServer, BrokerMqttServer>();
        services.AddHostedService<MqttServerLifetime>();
        services.AddPalisadeIdentity();
        services.AddPalisadeTelemetry();
        services.AddPalisadeRateLimits();
        return services;
    }

    /// <summary>
    /// Device identity (section <c>Palisade:Identity</c>): the registry, platform CA and audit log in the data folder,
    /// opened at start, and the revocation watcher. Registered even when disabled; then nothing is opened.
    /// </summary>
    private static IServiceCollection AddPalisadeIdentity(this IServiceCollection services)
    {
        services.AddOptions<IdentityOptions>()
            .BindConfiguration(IdentityOptions.SectionName, binder => binder.ErrorOnUnknownConfiguration = true)
            .Validate(o => o.RevocationPollMilliseconds is >= 50 and <= 5000, IdentityOptions.SectionName + ":RevocationPollMilliseconds must be 50..5000")
            .ValidateOnStart();
        // The same folder as the host's DataDirectory (server certificate, ports.json): one data folder per node.
        services.AddSingleton(sp => new IdentityRuntime(
            sp.GetRequiredService<DataDirectory>().FullPath,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService<RevocationWatcher>();
        return services;
    }
}

