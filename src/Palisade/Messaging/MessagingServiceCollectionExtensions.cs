using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Palisade.Broker;

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
        return services;
    }
}
