using Microsoft.Extensions.DependencyInjection;
using Palisade.Messaging;

namespace Palisade.Tests.TestSupport;

internal static class StandIn
{
    /// <summary>Runs the listeners against <paramref name="server"/> instead of the broker core.</summary>
    public static PalisadeServerOptions WithEchoServer(this PalisadeServerOptions options, EchoMqttServer server)
    {
        options.ConfigureServices = services => services.AddSingleton<IMqttServer>(server);
        return options;
    }
}
