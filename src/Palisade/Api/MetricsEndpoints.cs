using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Palisade.Api;

/// <summary><c>GET /metrics</c>: the "Palisade.*" meters in Prometheus text format (see <see cref="PrometheusExporter"/>),
/// on the host's HTTP listener next to <c>/healthz</c>.</summary>
internal static class MetricsEndpoints
{
    public const string Path = "/metrics";

    public static IServiceCollection AddPalisadeMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton(sp => new PrometheusExporter(sp.GetService<IMeterFactory>()));
        return services;
    }

    public static IEndpointRouteBuilder MapPalisadeMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (PrometheusExporter exporter) => Results.Text(exporter.Render(), PrometheusExporter.ContentType));
        return endpoints;
    }
}
