namespace Palisade.Mqtt.Codec;

/// <summary>How <see cref="MqttPacketReader"/> decodes one connection's stream.</summary>
/// <param name="ProtocolVersion">The connection's version; null until CONNECT has been read (then only CONNECT is accepted,
/// and the version is taken from it). A client passes the version of the CONNECT it sent.</param>
/// <param name="MaximumPacketSize">Largest whole packet (fixed header included) accepted. Checked as soon as the
/// Remaining Length is known, before the body is waited for or any buffer for it exists. 0 means no limit beyond
/// MQTT's own (268,435,460 bytes).</param>
/// <param name="IsServer">True when decoding what a client sent (server side): server-to-client packet types are then
/// protocol errors, and vice versa.</param>
public readonly record struct MqttDecoderOptions(MqttProtocolVersion? ProtocolVersion, uint MaximumPacketSize, bool IsServer)
{
    /// <summary>The connection's cache of PUBLISH topic names (see <see cref="TopicNameCache"/>); null decodes every
    /// topic name into a new string. Must belong to this one connection's reader.</summary>
    public TopicNameCache? Topics { get; init; }
}
