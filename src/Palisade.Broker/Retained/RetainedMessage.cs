using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Retained;

/// <summary>A retained message and when it expires (a <see cref="TimeProvider"/> timestamp; long.MaxValue = never).</summary>
internal sealed record RetainedMessage(PublishPacket Packet, long ExpiresAt);
