namespace Palisade.LoadGen.Wire;

/// <summary>The parts of a CONNACK the generator acts on or reports.</summary>
/// <param name="SessionPresent">Session Present flag.</param>
/// <param name="ReasonString">5.0: the broker's explanation, if it sent one.</param>
/// <param name="ReasonCode">3.1.1 return code or 5.0 reason code; 0 is success.</param>
/// <param name="ReceiveMaximum">5.0: the broker's limit on our unacknowledged QoS 1 PUBLISHes (65,535 when absent).</param>
/// <param name="ServerKeepAlive">5.0: keep alive the broker imposes, when it overrides ours.</param>
internal sealed record ConnAckInfo(
    byte ReasonCode,
    bool SessionPresent,
    ushort ReceiveMaximum,
    ushort? ServerKeepAlive,
    string? ReasonString)
{
    public bool Accepted => ReasonCode == 0;
}
