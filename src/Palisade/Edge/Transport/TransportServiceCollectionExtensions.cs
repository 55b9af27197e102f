using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Palisade.Edge.Transport;

/// <summary>Registers and wires the MQTT and HTTP listeners.</summary>
internal static class TransportServiceCollectionExtensions
{
    public static IServiceCollection AddPalisadeListeners(this IServiceCollection services)
    {
        services.AddOptions<ListenersOptions>()
            .BindConfiguration(ListenersOptions.SectionName, binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ListenersOptions>, ListenersOptionsValidator>();
        services.AddSingleton<ListenerRegistry>();
        services.AddSingleton<BoundPortsReporter>();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelListenerSetup>();
        return services;
    }

    /// <summary>WebSockets and the listener gate come first: a request on the MQTT WebSocket listener never reaches the API.</summary>
    public static IApplicationBuilder UsePalisadeListeners(this IApplicationBuilder app)
    {
        // Pings keep NAT and proxy mappings alive; MQTT keep-alive still decides when a client is gone.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.UseMiddleware<ListenerGateMiddleware>();
        return app;
    }
}
