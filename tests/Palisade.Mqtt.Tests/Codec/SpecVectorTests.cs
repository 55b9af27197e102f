using System.Buffers;
using Palisade.Mqtt.Codec;
using Palisade.Mqtt.Packets;
using static Palisade.Mqtt.Tests.Codec.CodecTestHelpers;

namespace Palisade.Mqtt.Tests.Codec;

/// <summary>Byte sequences written by hand from the MQTT 3.1.1 and 5.0 specifications' packet layouts.</summary>
public sealed class SpecVectorTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public void Mqtt_311_connect_by_hand_decodes_and_encodes_to_the_same_bytes()
    {
        // 10 | rl 0F | 00 04 "MQTT" | level 4 | flags 02 (clean session) | keep alive 60 | client id "abc"
        byte[] bytes = Hex("10 0F 00 04 4D 51 54 54 04 02 00 3C 00 03 61 62 63");

        var connect = (ConnectPacket)DecodeOk(bytes, Server(null));

        Assert.Equal(MqttProtocolVersion.V311, connect.ProtocolVersion);
        Assert.Equal("abc", connect.ClientId);
        Assert.True(connect.CleanStart);
        Assert.Equal(60, connect.KeepAliveSeconds);
        Assert.Null(connect.UserName);
        Assert.Null(connect.Password);
        Assert.Null(connect.Will);
        Assert.Equal(bytes, Encode(connect, MqttProtocolVersion.V311));
    }

    [Fact]
    public void Mqtt_5_connect_with_session_expiry_user_and_password_by_hand()
    {
        // The 5.0 spec's variable header example (flags C2: user name, password, clean start; keep alive 10;
        // properties: Session Expiry Interval 10), then client id "c1", user "u", password "p".
        byte[] bytes = Hex("10 1A 00 04 4D 51 54 54 05 C2 00 0A 05 11 00 00 00 0A 00 02 63 31 00 01 75 00 01 70");

        var connect = (ConnectPacket)DecodeOk(bytes, Server(null));

        Assert.Equal(MqttProtocolVersion.V500, connect.ProtocolVersion);
        Assert.Equal(10, connect.KeepAliveSeconds);
        Assert.Equal(10u, connect.SessionExpiryInterval);
        Assert.Equal("c1", connect.ClientId);
        Assert.Equal("u", connect.UserName);
        Assert.Equal("p"u8.ToArray(), connect.Password!.Value.ToArray());
        Assert.Equal(ushort.MaxValue, connect.ReceiveMaximum);
        Assert.True(connect.RequestProblemInformation);
        Assert.Equal(bytes, Encode(connect, MqttProtocolVersion.V500));
    }

    [Fact]
    public void Mqtt_311_connect_with_a_will_by_hand()
    {
        // flags 2E: will retain, will QoS 1, will flag, clean session; will topic "w", will message "bye".
        byte[] bytes = Hex("10 15 00 04 4D 51 54 54 04 2E 00 00 00 01 61 00 01 77 00 03 62 79 65");
        var connect = (ConnectPacket)DecodeOk(bytes, Server(null));

        WillMessage will = Assert.IsType<WillMessage>(connect.Will);
        Assert.Equal("w", will.Topic);
        Assert.Equal("bye"u8.ToArray(), will.Payload.ToArray());
        Assert.Equal(QualityOfService.AtLeastOnce, will.QoS);
        Assert.True(will.Retain);
        Assert.Equal(bytes, Encode(connect, MqttProtocolVersion.V311));
    }

    public static TheoryData<string, MqttProtocolVersion, bool> Vectors => new()
    {
        // hex, version, decoded by the server (else by the client)
        { "20 02 00 00", MqttProtocolVersion.V311, false }, // CONNACK accepted
        { "20 02 01 00", MqttProtocolVersion.V311, false }, // CONNACK session present
        { "20 02 00 05", MqttProtocolVersion.V311, false }, // CONNACK not authorised
        { "20 03 00 00 00", MqttProtocolVersion.V500, false }, // 5.0 CONNACK, no properties
        { "32 09 00 03 61 2F 62 00 0A 68 69", MqttProtocolVersion.V311, true }, // PUBLISH QoS 1 "a/b" id 10 "hi"
        { "30 06 00 03 61 2F 62 00", MqttProtocolVersion.V500, true }, // 5.0 PUBLISH QoS 0, empty payload
        { "40 02 00 0A", MqttProtocolVersion.V311, true }, // PUBACK 10
        { "40 02 00 0A", MqttProtocolVersion.V500, true }, // 5.0 PUBACK, success short form
        { "40 03 00 0A 10", MqttProtocolVersion.V500, true }, // 5.0 PUBACK no matching subscribers
        { "50 02 00 0A", MqttProtocolVersion.V311, true }, // PUBREC
        { "62 02 00 0A", MqttProtocolVersion.V311, true }, // PUBREL (flags 0010)
        { "70 02 00 0A", MqttProtocolVersion.V311, true }, // PUBCOMP
        { "82 08 00 01 00 03 61 2F 62 01", MqttProtocolVersion.V311, true }, // SUBSCRIBE "a/b" QoS 1
        { "82 09 00 01 00 00 03 61 2F 62 01", MqttProtocolVersion.V500, true }, // 5.0 SUBSCRIBE
        { "90 03 00 01 01", MqttProtocolVersion.V311, false }, // SUBACK granted QoS 1
        { "90 03 00 01 80", MqttProtocolVersion.V311, false }, // SUBACK failure
        { "90 04 00 01 00 01", MqttProtocolVersion.V500, false }, // 5.0 SUBACK
        { "A2 07 00 01 00 03 61 2F 62", MqttProtocolVersion.V311, true }, // UNSUBSCRIBE
        { "B0 02 00 01", MqttProtocolVersion.V311, false }, // UNSUBACK
        { "B0 04 00 01 00 11", MqttProtocolVersion.V500, false }, // 5.0 UNSUBACK no subscription existed
        { "C0 00", MqttProtocolVersion.V311, true }, // PINGREQ
        { "D0 00", MqttProtocolVersion.V311, false }, // PINGRESP
        { "E0 00", MqttProtocolVersion.V311, true }, // DISCONNECT
        { "E0 00", MqttProtocolVersion.V500, true }, // 5.0 DISCONNECT normal, short form
        { "E0 01 04", MqttProtocolVersion.V500, true }, // 5.0 DISCONNECT with will message
        { "F0 00", MqttProtocolVersion.V500, true }, // AUTH success, short form
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Specification_byte_vectors_decode_and_encode_back_to_the_same_bytes(string hex, MqttProtocolVersion version, bool byServer)
    {
        byte[] bytes = Hex(hex);
        MqttPacket packet = DecodeOk(bytes, byServer ? Server(version) : Client(version));
        Assert.Equal(bytes, Encode(packet, version));
    }

    [Theory]
    [InlineData(0u, "00")]
    [InlineData(127u, "7F")]
    [InlineData(128u, "8001")]
    [InlineData(16_383u, "FF7F")]
    [InlineData(16_384u, "808001")]
    [InlineData(2_097_151u, "FFFF7F")]
    [InlineData(2_097_152u, "80808001")]
    [InlineData(268_435_455u, "FFFFFF7F")]
    public void Variable_byte_integers_use_the_specification_encoding(uint value, string hex)
    {
        // The spec's table of boundary values, checked through a subscription identifier (a VBI property) and
        // through the writer's remaining-length size arithmetic.
        Assert.Equal(hex.Length / 2, MqttEncoding.VariableByteIntegerSize(value));
        if (value == 0)
        {
            return;
        }

        var subscribe = new SubscribePacket { PacketId = 1, Subscriptions = [new Subscription("a", QualityOfService.AtMostOnce)], SubscriptionIdentifier = value };
        byte[] bytes = Encode(subscribe, MqttProtocolVersion.V500);
        int propertiesAt = 1 + MqttEncoding.VariableByteIntegerSize((uint)(bytes.Length - 2)) + 2;
        Assert.Equal(Convert.FromHexString("0B" + hex), bytes.AsSpan(propertiesAt + 1, 1 + (hex.Length / 2)).ToArray());
        Assert.Equal(value, ((SubscribePacket)DecodeOk(bytes, Server(MqttProtocolVersion.V500))).SubscriptionIdentifier);
    }

    [Fact]
    public void Remaining_length_of_a_two_megabyte_publish_uses_four_bytes()
    {
        var publish = new PublishPacket { Topic = "t", Payload = new byte[2_097_152] };
        var writer = new ArrayBufferWriter<byte>();
        MqttPacketWriter.Write(writer, publish, MqttProtocolVersion.V311);
        Assert.Equal(0x30, writer.WrittenSpan[0]);
        Assert.Equal(Convert.FromHexString("83808001"), writer.WrittenSpan.Slice(1, 4).ToArray()); // 2,097,155
    }
}
