using System.IO.Pipelines;
using Palisade.Broker;

namespace Palisade.Messaging;

/// <summary>
/// Where the listeners hand each accepted transport. In the product this is the broker core
/// (<see cref="BrokerMqttServer"/>); the seam lets transport tests run the listeners against a stand-in.
/// </summary>
internal interface IMqttServer : IAsyncDisposable
{
    /// <summary>Speaks MQTT on <paramref name="transport"/> until it ends (see <see cref="MqttBroker.HandleConnectionAsync"/>).</summary>
    Task HandleConnectionAsync(IDuplexPipe transport, ClientEndpoint endpoint, CancellationToken cancellationToken);
}
