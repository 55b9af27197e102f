using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Palisade.Admission.RateLimiting;
using Palisade.Edge.Identity;
using Palisade.Infrastructure;

namespace Palisade.Edge.RateLimits;

/// <summary>
/// Registers rate limits (section <c>Palisade:Admission:RateLimits</c>): <see cref="RateLimitStage"/> (for the admission
/// pipeline, stage "rate"), <see cref="ConnectionAttemptLimiter"/> and <see cref="ConnectionGate"/> (for the CONNECT path
/// of <see cref="IdentityHooks"/>), with the device bans kept in the registry (<see cref="DeviceBanRuntime"/>). With <c>Enabled=false</c> the gate is not attached; the stage is still registered and
/// the pipeline should skip it (<see cref="RateLimitOptions.Enabled"/>).
/// </summary>
internal static class RateLimitServiceCollectionExtensions
{
    public static IServiceCollection AddPalisadeRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.SectionName)
            .Validate(o => o.FlappingRefusals >= 1 && o.FlappingWindowSeconds >= 1, RateLimitOptions.SectionName + ": FlappingRefusals and FlappingWindowSeconds must be at least 1")
            .Validate(o => o.FirstBanSeconds >= 1 && o.MaximumBanSeconds >= o.FirstBanSeconds && o.BanRepeatWindowHours >= 1,
                RateLimitOptions.SectionName + ": FirstBanSeconds >= 1, MaximumBanSeconds >= FirstBanSeconds, BanRepeatWindowHours >= 1")
            .Validate(o => o.ConnectionAttemptsPerSecond > 0 && o.ConnectionAttemptBurst >= 1 && o.ConnectionAbuseRefusals >= 1 && o.ConnectionAbuseWindowSeconds >= 1,
                RateLimitOptions.SectionName + ": ConnectionAttemptsPerSecond > 0, ConnectionAttemptBurst >= 1, ConnectionAbuse* >= 1")
            .Validate(o => o.MaximumTrackedAddresses is >= 100 and <= 10_000_000, RateLimitOptions.SectionName + ":MaximumTrackedAddresses must be 100..10000000")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        // The stage is resolved through the runtime, which loads the saved device bans first (registry, palisade.db):
        // nothing sees the stage before its bans are back.
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RateLimitOptions>>().Value;
            return new DeviceBanRuntime(
                new RateLimitStage(options.Policy(), options.Flapping(), options.BanPolicy(), sp.GetRequiredService<TimeProvider>()),
                sp.GetRequiredService<DataDirectory>().FullPath,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<DeviceBanRuntime>>());
        });
        services.TryAddSingleton(sp => sp.GetRequiredService<DeviceBanRuntime>().Stage);
        services.AddHostedService<DeviceBanPersistenceService>();
        services.TryAddSingleton(sp =>
            new ConnectionAttemptLimiter(sp.GetRequiredService<IOptions<RateLimitOptions>>().Value.ConnectionAttempts(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ConnectionGate(
            sp.GetRequiredService<ConnectionAttemptLimiter>(),
            sp.GetRequiredService<RateLimitStage>(),
            sp.GetRequiredService<IdentityRuntime>().Audit,
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>The gate to attach to the identity hooks, or null when rate limits are off.</summary>
    public static ConnectionGate? ConnectionGateOrNull(this IServiceProvider services) =>
        services.GetRequiredService<IOptions<RateLimitOptions>>().Value.Enabled ? services.GetRequiredService<ConnectionGate>() : null;
}
