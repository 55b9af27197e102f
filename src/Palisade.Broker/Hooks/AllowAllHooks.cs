using Palisade.Mqtt;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Hooks;

/// <summary>
/// The protocol-only policy: every connection is anonymous and allowed, every subscription and publish admitted.
/// It exists so the broker core can be tested and benchmarked alone; the host refuses to use it on a TLS-less
/// listener unless plain TCP was explicitly enabled, and later issues replace it with real identity and policy.
/// </summary>
public sealed class AllowAllHooks : IConnectionAuthenticator, ISubscriptionAuthorizer, IPublishAdmission, IDeliveryFilter
{
    public static AllowAllHooks Instance { get; } = new();

    public ValueTask<AuthenticationResult> AuthenticateAsync(ClientEndpoint endpoint, ConnectPacket connect, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AuthenticationResult.Accept(ClientIdentity.Anonymous(connect.ClientId)));

    public ValueTask<ReasonCode> AuthorizeAsync(ClientIdentity client, Subscription subscription, CancellationToken cancellationToken) =>
        ValueTask.FromResult((ReasonCode)(byte)subscription.MaximumQoS);

    public ValueTask<PublishAdmissionResult> AdmitAsync(ClientIdentity publisher, PublishPacket publish, CancellationToken cancellationToken) =>
        ValueTask.FromResult(PublishAdmissionResult.Admit);

    public bool ShouldDeliver(ClientIdentity subscriber, PublishPacket message) => true;
}
