using Palisade.Mqtt;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Hooks;

/// <summary>
/// Durable storage of admitted QoS 1/2 messages (issue 5 point 6: a message is stored before it is acknowledged).
/// Called once for each admitted QoS 1 or 2 PUBLISH, after routing; the PUBACK/PUBREC is sent only when the returned
/// task completes. The connection does <b>not</b> wait for it before reading the next PUBLISH: acknowledgements are
/// held back and released in the order the PUBLISHes were received (MQTT 5.0 section 4.6), so many messages of one
/// publisher can share one group commit.
/// </summary>
/// <remarks>
/// The store decides what it keeps (by topic or <see cref="TrafficClass"/>); a message it does not keep should
/// complete synchronously with <see cref="ReasonCode.Success"/>, which costs no allocation and no waiting.
/// Results: <see cref="ReasonCode.Success"/> = durably stored (or deliberately not kept); any code ≥ 0x80 = not
/// stored (e.g. <see cref="ReasonCode.QuotaExceeded"/> when the store's queue is full, <see cref="ReasonCode.UnspecifiedError"/>
/// when the write failed). A thrown exception counts as <see cref="ReasonCode.UnspecifiedError"/>. Not stored:
/// an MQTT 5.0 client gets that code in its PUBACK/PUBREC; a 3.1.1 client, which cannot be told, is disconnected
/// without the acknowledgement, so it sends the message again.
/// </remarks>
public interface IMessageStore
{
    ValueTask<ReasonCode> StoreAsync(ClientIdentity publisher, PublishPacket message, TrafficClass trafficClass, CancellationToken cancellationToken);
}
