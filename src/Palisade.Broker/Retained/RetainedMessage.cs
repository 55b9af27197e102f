using Palisade.Broker.Hooks;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Retained;

/// <summary>
/// A retained message, when it expires (a <see cref="TimeProvider"/> timestamp; long.MaxValue = never), and the traffic
/// class its publish was admitted as, so a retained delivery on subscribe joins the same lane as live ones of its topic.
/// </summary>
internal sealed record RetainedMessage(PublishPacket Packet, long ExpiresAt, TrafficClass Class = TrafficClass.Bulk);
