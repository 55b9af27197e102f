namespace Palisade.Mqtt.Codec;

/// <summary>What one attempt to decode a packet from a buffer produced.</summary>
public enum DecodeStatus : byte
{
    /// <summary>A whole packet was decoded and the buffer advanced past it.</summary>
    Packet,
    /// <summary>Not enough bytes yet; nothing consumed. The fixed header already passed the size limit.</summary>
    Incomplete,
    /// <summary>The bytes are not a valid packet; <see cref="DecodeResult.Reason"/> says which reason code to answer with, then close.</summary>
    Invalid,
}
