using Palisade.Mqtt;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Hooks;

/// <summary>
/// Authorises each topic filter of a SUBSCRIBE (platform: participants' topic authorisation). Returns the granted
/// QoS as a reason code (GrantedQoS0..2, at most what was asked) or a refusal (NotAuthorized, TopicFilterInvalid, ...).
/// </summary>
public interface ISubscriptionAuthorizer
{
    ValueTask<ReasonCode> AuthorizeAsync(ClientIdentity client, Subscription subscription, CancellationToken cancellationToken);
}
