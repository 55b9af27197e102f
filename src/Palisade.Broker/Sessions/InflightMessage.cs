namespace Palisade.Broker.Sessions;

/// <summary>
/// An outbound QoS 1/2 delivery sent (or about to be) and not yet completed by the client.
/// <see cref="Released"/>: PUBREC received, PUBREL sent, waiting for PUBCOMP.
/// <see cref="Order"/> keeps the send order for retransmission on session resume (MQTT-4.6.0-1).
/// </summary>
internal struct InflightMessage
{
    public QueuedMessage Delivery;
    public bool Released;
    public long Order;
}
