using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Palisade.Api;

/// <summary>The HTTP API's health probe: <c>GET /healthz</c> answers 200 "Healthy" while the host runs.</summary>
internal static class HealthEndpoints
{
    public const string Path = "/healthz";

    public static IServiceCollection AddPalisadeHealth(this IServiceCollection services)
    {
        services.AddHealthChecks();
        return services;
    }

    public static IEndpointRouteBuilder MapPalisadeHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(Path);
        return endpoints;
    }
}
