using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Palisade.Infrastructure.Telemetry;

/// <summary>Registers the telemetry store (section <c>Palisade:Telemetry</c>), validated at start.</summary>
internal static class TelemetryServiceCollectionExtensions
{
    public static IServiceCollection AddPalisadeTelemetry(this IServiceCollection services)
    {
        services.AddOptions<TelemetryOptions>()
            .BindConfiguration(TelemetryOptions.SectionName, binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        services.AddSingleton<TelemetryRuntime>();
        return services;
    }
}
