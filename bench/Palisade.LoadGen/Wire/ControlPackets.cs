using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Palisade.Mqtt;
using Palisade.Mqtt.Codec;
using Palisade.Mqtt.Packets;

namespace Palisade.LoadGen.Wire;

/// <summary>
/// The packets the generator sends and the acknowledgements it waits for, encoded and decoded with Palisade's codec
/// (Palisade.Mqtt), which a run against Mosquitto therefore also checks. The two per-message packets are the
/// exception: PUBLISH is encoded once by the codec and then patched (<see cref="PublishTemplate"/>), and PUBACK is
/// four fixed bytes written in place, so the hot path allocates nothing.
/// </summary>
internal static class ControlPackets
{
    private static readonly byte[] PingReqBytes = Encode(PingReqPacket.Instance, MqttProtocolVersion.V311);

    public static ReadOnlySpan<byte> PingReq => PingReqBytes;

    public static byte[] Disconnect(int protocolLevel) => Encode(new DisconnectPacket(), Version(protocolLevel));

    public static void WriteConnect(IBufferWriter<byte> output, ConnectSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var version = Version(settings.ProtocolLevel);
        MqttPacketWriter.Write(output, new ConnectPacket
        {
            ProtocolVersion = version,
            ClientId = settings.ClientId,
            CleanStart = true, // every run starts from nothing
            KeepAliveSeconds = settings.KeepAliveSeconds,
            UserName = settings.UserName,
            // Typed explicitly: a null byte[] converts to an empty (non-null) ReadOnlyMemory, which sets the Password flag.
            Password = settings.Password is null ? null : (ReadOnlyMemory<byte>?)Encoding.UTF8.GetBytes(settings.Password),
            ReceiveMaximum = settings.ReceiveMaximum,
        }, version);
    }

    public static void WriteSubscribe(IBufferWriter<byte> output, int protocolLevel, ushort packetId, string filter, int qos) =>
        MqttPacketWriter.Write(output, new SubscribePacket
        {
            PacketId = packetId,
            Subscriptions = [new Subscription(filter, (QualityOfService)qos)],
        }, Version(protocolLevel));

    /// <summary>Encodes the PUBLISH that <see cref="PublishTemplate"/> copies; packet identifier 1 is a placeholder.</summary>
    public static byte[] EncodePublish(int protocolLevel, string topic, int qos, ReadOnlyMemory<byte> payload, ushort packetId = 1) =>
        Encode(new PublishPacket
        {
            Topic = topic,
            Payload = payload,
            QoS = (QualityOfService)qos,
            PacketId = qos > 0 ? packetId : (ushort)0,
        }, Version(protocolLevel));

    /// <summary>PUBACK for <paramref name="packetId"/>: 4 bytes in both versions (5.0 may omit the Success reason code).</summary>
    public static void WritePubAck(Span<byte> destination, ushort packetId)
    {
        destination[0] = PacketTypes.PubAck << 4;
        destination[1] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], packetId);
    }

    /// <summary>Decodes one whole packet the broker sent (client-side rules of the codec).</summary>
    public static DecodeResult TryDecode(ref ReadOnlySequence<byte> buffer, int protocolLevel, out MqttPacket? packet) =>
        MqttPacketReader.TryRead(ref buffer, new MqttDecoderOptions(Version(protocolLevel), Frame.MaxFrameSize, IsServer: false), out packet);

    public static ConnAckInfo ToInfo(ConnAckPacket connAck)
    {
        ArgumentNullException.ThrowIfNull(connAck);
        return new ConnAckInfo(
            (byte)connAck.ReasonCode, connAck.SessionPresent, connAck.ReceiveMaximum ?? ushort.MaxValue, connAck.ServerKeepAlive, connAck.ReasonString);
    }

    public static string Describe(DisconnectPacket disconnect)
    {
        ArgumentNullException.ThrowIfNull(disconnect);
        return $"DISCONNECT from broker: {disconnect.ReasonCode} (0x{(byte)disconnect.ReasonCode:X2})"
            + (disconnect.ReasonString is null ? "" : $" '{disconnect.ReasonString}'");
    }

    public static MqttProtocolVersion Version(int protocolLevel) => protocolLevel == 5 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311;

    private static byte[] Encode(MqttPacket packet, MqttProtocolVersion version)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        MqttPacketWriter.Write(buffer, packet, version);
        return buffer.WrittenSpan.ToArray();
    }
}
