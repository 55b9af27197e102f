using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Hooks;

/// <summary>
/// Decides who a connection is (edge: device identity and M2M authentication). Called once per CONNECT, before
/// any session state is touched. A refusal is answered with its CONNACK reason code and the connection closed.
/// </summary>
public interface IConnectionAuthenticator
{
    ValueTask<AuthenticationResult> AuthenticateAsync(ClientEndpoint endpoint, ConnectPacket connect, CancellationToken cancellationToken);
}
