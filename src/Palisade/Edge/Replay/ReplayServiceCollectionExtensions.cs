using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Palisade.Admission.Replay;
using Palisade.Infrastructure;

namespace Palisade.Edge.Replay;

/// <summary>
/// Anti-replay in the host (section <c>Palisade:Admission:Replay</c>): <see cref="ReplayRuntime"/> (state restored
/// from the registry when first resolved), the <see cref="ReplayStage"/> for the admission pipeline, and the
/// write-behind service.
/// </summary>
internal static class ReplayServiceCollectionExtensions
{
    public static IServiceCollection AddPalisadeReplay(this IServiceCollection services)
    {
        services.AddOptions<ReplayOptions>()
            .BindConfiguration(ReplayOptions.SectionName, binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReplayOptions>, ReplayOptionsValidator>();
        // The same data folder as identity (palisade.db): one registry per node.
        services.AddSingleton(sp => new ReplayRuntime(
            sp.GetRequiredService<DataDirectory>().FullPath,
            sp.GetRequiredService<IOptions<ReplayOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ReplayRuntime>>()));
        // Resolving the stage opens and restores the state: the pipeline gets a stage that is ready.
        services.AddSingleton(sp => sp.GetRequiredService<ReplayRuntime>().Stage);
        services.AddHostedService<ReplayPersistenceService>();
        return services;
    }
}
