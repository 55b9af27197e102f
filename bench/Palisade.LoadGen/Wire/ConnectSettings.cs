namespace Palisade.LoadGen.Wire;

/// <summary>What the generator puts in a CONNECT.</summary>
/// <param name="ClientId">Client identifier.</param>
/// <param name="KeepAliveSeconds">Keep alive; quiet connections ping at half of it.</param>
/// <param name="UserName">Optional user name.</param>
/// <param name="Password">Optional password.</param>
/// <param name="ProtocolLevel">4 (MQTT 3.1.1) or 5 (MQTT 5.0).</param>
/// <param name="ReceiveMaximum">5.0 only: how many QoS 1 deliveries the broker may have unacknowledged towards us.</param>
internal sealed record ConnectSettings(
    int ProtocolLevel,
    string ClientId,
    ushort KeepAliveSeconds,
    string? UserName,
    string? Password,
    ushort ReceiveMaximum = ushort.MaxValue);
