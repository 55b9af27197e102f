using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Hooks;

/// <summary>
/// Last check before a routed message is queued to one subscriber (platform: tenant isolation as defence in depth;
/// application: egress rules). Synchronous because it runs once per matching subscriber on the hot path.
/// </summary>
public interface IDeliveryFilter
{
    bool ShouldDeliver(ClientIdentity subscriber, PublishPacket message);
}
