using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Palisade.Hosting;

namespace Palisade.Infrastructure;

/// <summary>Registers the data folder and the server's TLS identity (created lazily, at start, by whoever needs them first).</summary>
internal static class InfrastructureServiceCollectionExtensions
{
    public static IServiceCollection AddPalisadeDataFolder(this IServiceCollection services)
    {
        services.AddOptions<ServerTlsOptions>()
            .BindConfiguration(ServerTlsOptions.SectionName, binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServerTlsOptions>, ServerTlsOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => DataDirectory.Open(
            sp.GetRequiredService<IOptions<PalisadeOptions>>().Value.DataDirectory,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Palisade.Infrastructure.DataDirectory")));
        services.AddSingleton(sp =>
        {
            var directory = sp.GetRequiredService<DataDirectory>();
            var certificate = ServerCertificateStore.LoadOrCreate(
                directory,
                sp.GetRequiredService<IOptions<ServerTlsOptions>>().Value,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Palisade.Infrastructure.ServerCertificate"));
            return new ServerCertificate(certificate, directory.PathOf(ServerCertificateStore.CertificateFileName));
        });
        return services;
    }
}
