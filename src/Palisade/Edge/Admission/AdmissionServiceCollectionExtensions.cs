using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Palisade.Admission.RateLimiting;
using Palisade.Admission.Replay;
using Palisade.Edge.RateLimits;
using Palisade.Edge.Identity;

namespace Palisade.Edge.Admission;

/// <summary>Registers admission (section <c>Palisade:Admission</c>); the broker uses it only with identity on.</summary>
internal static class AdmissionServiceCollectionExtensions
{
    /// <param name="services">The host's services.</param>
    /// <param name="baseDirectory">Where relative schema paths start: the config file's folder, else the working directory.</param>
    public static IServiceCollection AddPalisadeAdmission(this IServiceCollection services, string baseDirectory)
    {
        var validator = new AdmissionOptionsValidator(baseDirectory);
        services.AddOptions<AdmissionOptions>()
            .BindConfiguration(AdmissionOptions.SectionName, binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdmissionOptions>>(validator);
        services.AddSingleton(sp => new AdmissionRuntime(
            sp.GetRequiredService<IOptions<AdmissionOptions>>().Value,
            validator,
            sp.GetRequiredService<IdentityRuntime>(),
            () => sp.GetRequiredService<IOptions<RateLimitOptions>>().Value.Enabled ? sp.GetRequiredService<RateLimitStage>() : null,
            () => sp.GetRequiredService<ReplayStage>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetService<IMeterFactory>()));
        return services;
    }
}
