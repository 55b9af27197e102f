namespace Palisade.LoadGen.Transport;

/// <summary>What a role does with the hot packets its connection receives. Called on the connection's read loop.</summary>
internal interface IInboundHandler
{
    /// <summary>A PUBLISH arrived; <paramref name="sentTimestamp"/> is the sender's Stopwatch timestamp, or 0 when
    /// the payload carries none (a message not sent by this generator).</summary>
    void OnPublish(long sentTimestamp);

    /// <summary>A PUBACK for one of our QoS 1 PUBLISHes arrived.</summary>
    void OnPubAck(ushort packetId);

    /// <summary>One read's packets have all been handled (lets a subscriber wake a publisher once per read).</summary>
    void OnReadCompleted()
    {
    }
}
