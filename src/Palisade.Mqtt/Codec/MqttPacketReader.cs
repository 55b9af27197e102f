using System.Buffers;
using Palisade.Mqtt.Packets;

namespace Palisade.Mqtt.Codec;

/// <summary>Decodes MQTT 3.1.1 and 5.0 packets from a (possibly segmented) byte sequence.</summary>
public static class MqttPacketReader
{
    /// <summary>
    /// Tries to decode one packet from the start of <paramref name="buffer"/>. On success the buffer is sliced past
    /// the packet; otherwise it is left as it was. Never allocates in proportion to what a header merely claims.
    /// </summary>
    public static DecodeResult TryRead(ref ReadOnlySequence<byte> buffer, in MqttDecoderOptions options, out MqttPacket? packet)
    {
        throw new NotImplementedException("CONTRACT: implemented by the codec work.");
    }
}
