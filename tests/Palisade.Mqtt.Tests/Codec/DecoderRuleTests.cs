using Palisade.Mqtt.Codec;
using Palisade.Mqtt.Packets;
using static Palisade.Mqtt.Tests.Codec.CodecTestHelpers;
using static Palisade.Mqtt.Tests.Codec.Raw;

namespace Palisade.Mqtt.Tests.Codec;

/// <summary>Each malformed-packet and protocol-error rule, with the reason code the caller must answer with.</summary>
public sealed class DecoderRuleTests
{
    private static readonly MqttDecoderOptions V5Server = Server(MqttProtocolVersion.V500);
    private static readonly MqttDecoderOptions V3Server = Server(MqttProtocolVersion.V311);
    private static readonly MqttDecoderOptions V5Client = Client(MqttProtocolVersion.V500);
    private static readonly MqttDecoderOptions V3Client = Client(MqttProtocolVersion.V311);

    private static MqttDecoderOptions ServerFor(byte level) => level == 5 ? V5Server : V3Server;

    private static void AssertReason(ReasonCode expected, byte[] bytes, MqttDecoderOptions options) =>
        Assert.Equal(expected, DecodeInvalid(bytes, options).Reason);

    // ---- Fixed header ------------------------------------------------------------------------------------------

    [Fact]
    public void Remaining_length_of_more_than_four_bytes_is_malformed()
    {
        AssertReason(ReasonCode.MalformedPacket, [0xC0, 0x80, 0x80, 0x80, 0x80, 0x01], V5Server);
        AssertReason(ReasonCode.MalformedPacket, [0xC0, 0xFF, 0xFF, 0xFF, 0xFF], V3Server);
    }

    [Fact]
    public void Reserved_packet_type_zero_is_malformed() => AssertReason(ReasonCode.MalformedPacket, [0x00, 0x00], V5Server);

    [Fact]
    public void Auth_in_mqtt_311_is_a_reserved_type_and_malformed() => AssertReason(ReasonCode.MalformedPacket, [0xF0, 0x00], V3Server);

    [Theory]
    [InlineData((byte)0x80)] // SUBSCRIBE must be 0b0010
    [InlineData((byte)0x83)]
    [InlineData((byte)0xA0)] // UNSUBSCRIBE
    [InlineData((byte)0xAA)]
    [InlineData((byte)0x60)] // PUBREL
    [InlineData((byte)0x41)] // PUBACK must be 0
    [InlineData((byte)0x52)] // PUBREC
    [InlineData((byte)0x78)] // PUBCOMP
    [InlineData((byte)0xC1)] // PINGREQ
    [InlineData((byte)0xE2)] // DISCONNECT
    [InlineData((byte)0xF1)] // AUTH
    public void Reserved_fixed_header_flags_are_malformed(byte first)
    {
        // The flags are judged from the first byte alone, before any body exists.
        AssertReason(ReasonCode.MalformedPacket, [first, 0x02, 0x00, 0x01], V5Server);
    }

    [Fact]
    public void Connect_with_reserved_fixed_header_flags_is_malformed() =>
        AssertReason(ReasonCode.MalformedPacket, [0x11, 0x00], Server(null));

    [Fact]
    public void Server_to_client_flags_are_checked_on_the_client_too()
    {
        AssertReason(ReasonCode.MalformedPacket, [0x21, 0x02, 0x00, 0x00], V5Client); // CONNACK
        AssertReason(ReasonCode.MalformedPacket, [0x92, 0x03, 0x00, 0x01, 0x00], V5Client); // SUBACK
        AssertReason(ReasonCode.MalformedPacket, [0xD4, 0x00], V3Client); // PINGRESP
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public void Publish_with_qos_3_is_malformed(MqttProtocolVersion version) =>
        AssertReason(ReasonCode.MalformedPacket, Packet(0x36, Str("a"), U16(1), version == MqttProtocolVersion.V500 ? [0] : []), Server(version));

    [Fact]
    public void Publish_qos_0_with_dup_is_malformed_in_mqtt_5() =>
        AssertReason(ReasonCode.MalformedPacket, Packet(0x38, Str("a"), B(0)), V5Server);

    [Fact]
    public void Publish_qos_0_with_dup_is_tolerated_in_mqtt_311_which_does_not_call_it_malformed()
    {
        var publish = (PublishPacket)DecodeOk(Packet(0x38, Str("a"), B(1, 2)), V3Server);
        Assert.True(publish.Dup);
        Assert.Equal(QualityOfService.AtMostOnce, publish.QoS);
    }

    // ---- State and direction ----------------------------------------------------------------------------------

    [Theory]
    [InlineData(new byte[] { 0x30, 0x03, 0x00, 0x01, (byte)'a' })]
    [InlineData(new byte[] { 0xC0, 0x00 })]
    [InlineData(new byte[] { 0x82, 0x06, 0x00, 0x01, 0x00, 0x01, (byte)'a', 0x00 })]
    [InlineData(new byte[] { 0xE0, 0x00 })]
    public void Before_connect_only_connect_is_accepted(byte[] bytes) => AssertReason(ReasonCode.ProtocolError, bytes, Server(null));

    [Fact]
    public void Before_connect_the_decoder_takes_the_version_from_connect()
    {
        var connect = (ConnectPacket)DecodeOk(Connect(4, 0x02, null, Str("id")), Server(null));
        Assert.Equal(MqttProtocolVersion.V311, connect.ProtocolVersion);
        connect = (ConnectPacket)DecodeOk(Connect(5, 0x02, null, Str("id")), Server(null));
        Assert.Equal(MqttProtocolVersion.V500, connect.ProtocolVersion);
    }

    [Fact]
    public void A_second_connect_is_a_protocol_error() =>
        AssertReason(ReasonCode.ProtocolError, Connect(5, 0x02, null, Str("id")), V5Server);

    [Theory]
    [InlineData(new byte[] { 0x20, 0x02, 0x00, 0x00 })] // CONNACK
    [InlineData(new byte[] { 0x90, 0x03, 0x00, 0x01, 0x00 })] // SUBACK
    [InlineData(new byte[] { 0xB0, 0x02, 0x00, 0x01 })] // UNSUBACK
    [InlineData(new byte[] { 0xD0, 0x00 })] // PINGRESP
    public void A_server_rejects_server_to_client_packets(byte[] bytes)
    {
        AssertReason(ReasonCode.ProtocolError, bytes, V5Server);
        AssertReason(ReasonCode.ProtocolError, bytes, V3Server);
    }

    [Theory]
    [InlineData(new byte[] { 0x82, 0x06, 0x00, 0x01, 0x00, 0x01, (byte)'a', 0x00 })] // SUBSCRIBE
    [InlineData(new byte[] { 0xA2, 0x05, 0x00, 0x01, 0x00, 0x01, (byte)'a' })] // UNSUBSCRIBE
    [InlineData(new byte[] { 0xC0, 0x00 })] // PINGREQ
    public void A_client_rejects_client_to_server_packets(byte[] bytes)
    {
        // 3.1.1-shaped bodies serve for 5.0 too: the direction is judged from the first byte, before the body.
        AssertReason(ReasonCode.ProtocolError, bytes, V3Client);
        AssertReason(ReasonCode.ProtocolError, bytes, V5Client);
    }

    [Fact]
    public void A_client_rejects_connect() => AssertReason(ReasonCode.ProtocolError, Connect(5, 0x02, null, Str("id")), new MqttDecoderOptions(null, 0, false));

    [Fact]
    public void A_client_rejects_disconnect_in_mqtt_311_where_only_clients_send_it() =>
        AssertReason(ReasonCode.ProtocolError, [0xE0, 0x00], V3Client);

    [Fact]
    public void A_client_accepts_every_server_to_client_packet_type()
    {
        byte[][] packets =
        [
            [0x20, 0x03, 0x00, 0x00, 0x00], // CONNACK
            Packet(0x30, Str("a/b"), B(0), B(1)), // PUBLISH
            [0x40, 0x02, 0x00, 0x01], [0x50, 0x02, 0x00, 0x01], [0x62, 0x02, 0x00, 0x01], [0x70, 0x02, 0x00, 0x01],
            [0x90, 0x04, 0x00, 0x01, 0x00, 0x01], // SUBACK
            [0xB0, 0x04, 0x00, 0x01, 0x00, 0x00], // UNSUBACK
            [0xD0, 0x00], // PINGRESP
            [0xE0, 0x01, 0x8B], // DISCONNECT (server shutting down)
            [0xF0, 0x00], // AUTH
        ];
        MqttPacketType[] types = packets.Select(p => DecodeOk(p, V5Client).Type).ToArray();
        Assert.Equal(
            [MqttPacketType.ConnAck, MqttPacketType.Publish, MqttPacketType.PubAck, MqttPacketType.PubRec, MqttPacketType.PubRel, MqttPacketType.PubComp,
             MqttPacketType.SubAck, MqttPacketType.UnsubAck, MqttPacketType.PingResp, MqttPacketType.Disconnect, MqttPacketType.Auth],
            types);
    }

    // ---- CONNECT ----------------------------------------------------------------------------------------------

    [Fact]
    public void Connect_for_mqtt_31_is_unsupported_and_still_yields_a_version_to_answer_in()
    {
        byte[] bytes = Packet(0x10, Str("MQIsdp"), B(3, 0x02, 0, 60), Str("id"));

        DecodeResult result = Decode(bytes, Server(null), out MqttPacket? packet, out long consumed);

        Assert.Equal(DecodeStatus.Invalid, result.Status);
        Assert.Equal(ReasonCode.UnsupportedProtocolVersion, result.Reason);
        Assert.Equal(0, consumed);
        Assert.Equal(MqttProtocolVersion.V311, Assert.IsType<ConnectPacket>(packet).ProtocolVersion);
    }

    [Theory]
    [InlineData(3, MqttProtocolVersion.V311)]
    [InlineData(0, MqttProtocolVersion.V311)]
    [InlineData(6, MqttProtocolVersion.V500)]
    [InlineData(255, MqttProtocolVersion.V500)]
    public void Connect_with_an_unknown_level_is_unsupported_protocol_version(byte level, MqttProtocolVersion answerIn)
    {
        DecodeResult result = Decode(Packet(0x10, Str("MQTT"), B(level, 0x02, 0, 60), Str("id")), Server(null), out MqttPacket? packet, out _);

        Assert.Equal(ReasonCode.UnsupportedProtocolVersion, result.Reason);
        Assert.Equal(answerIn, Assert.IsType<ConnectPacket>(packet).ProtocolVersion);
    }

    [Fact]
    public void Connect_with_a_wrong_protocol_name_is_unsupported_protocol_version() =>
        AssertReason(ReasonCode.UnsupportedProtocolVersion, Packet(0x10, Str("MQTX"), B(4, 0x02, 0, 60), Str("id")), Server(null));

    [Theory]
    [InlineData((byte)4)]
    [InlineData((byte)5)]
    public void Connect_reserved_flag_is_malformed_and_the_version_is_still_reported(byte level)
    {
        DecodeResult result = Decode(Connect(level, 0x03, null, Str("id")), Server(null), out MqttPacket? packet, out _);

        Assert.Equal(ReasonCode.MalformedPacket, result.Reason);
        Assert.Equal((MqttProtocolVersion)level, Assert.IsType<ConnectPacket>(packet).ProtocolVersion);
    }

    [Theory]
    [InlineData((byte)4, (byte)0x0A)] // will QoS 1 without will flag
    [InlineData((byte)5, (byte)0x12)] // will QoS 2 without will flag
    [InlineData((byte)4, (byte)0x22)] // will retain without will flag
    [InlineData((byte)5, (byte)0x1E)] // will flag with will QoS 3
    public void Inconsistent_will_flags_are_malformed(byte level, byte flags) =>
        AssertReason(ReasonCode.MalformedPacket, Connect(level, flags, null, Str("id"), level == 5 ? [0] : [], Str("w"), Str("x")), Server(null));

    [Fact]
    public void Password_without_user_name_is_malformed_in_mqtt_311() =>
        AssertReason(ReasonCode.MalformedPacket, Connect(4, 0x42, null, Str("id"), LengthPrefixed(1, 2)), Server(null));

    [Fact]
    public void Password_without_user_name_is_allowed_in_mqtt_5()
    {
        var connect = (ConnectPacket)DecodeOk(Connect(5, 0x42, null, Str("id"), LengthPrefixed(1, 2)), Server(null));
        Assert.Null(connect.UserName);
        Assert.Equal(new byte[] { 1, 2 }, connect.Password!.Value.ToArray());
    }

    [Fact]
    public void Connect_without_password_flag_has_no_password_rather_than_an_empty_one()
    {
        var connect = (ConnectPacket)DecodeOk(Connect(4, 0x82, null, Str("id"), Str("user")), Server(null));
        Assert.Equal("user", connect.UserName);
        Assert.Null(connect.Password);
        Assert.Null(connect.Will);
    }

    [Fact]
    public void Connect_with_trailing_bytes_is_malformed() =>
        AssertReason(ReasonCode.MalformedPacket, Connect(4, 0x02, null, Str("id"), B(0)), Server(null));

    [Fact]
    public void Will_topic_with_a_wildcard_is_an_invalid_topic_name() =>
        AssertReason(ReasonCode.TopicNameInvalid, Connect(4, 0x06, null, Str("id"), Str("a/#"), Str("x")), Server(null));

    [Fact]
    public void Authentication_data_without_method_is_a_protocol_error() =>
        AssertReason(ReasonCode.ProtocolError, Connect(5, 0x02, Props(B(0x16), LengthPrefixed(1)), Str("id")), Server(null));

    // ---- UTF-8 strings ----------------------------------------------------------------------------------------

    public static TheoryData<byte[]> BadUtf8 => new()
    {
        new byte[] { (byte)'a', 0x00, (byte)'b' }, // U+0000
        new byte[] { 0xED, 0xA0, 0x80 }, // encoded high surrogate U+D800
        new byte[] { 0xED, 0xBF, 0xBF }, // encoded low surrogate U+DFFF
        new byte[] { 0xC0, 0xAF }, // overlong '/'
        new byte[] { 0xE2, 0x82 }, // truncated sequence
        new byte[] { 0xFF }, // never valid
        new byte[] { 0xF4, 0x90, 0x80, 0x80 }, // above U+10FFFF
    };

    [Theory]
    [MemberData(nameof(BadUtf8))]
    public void Ill_formed_utf8_in_a_client_identifier_is_malformed_in_both_versions(byte[] text)
    {
        AssertReason(ReasonCode.MalformedPacket, Connect(4, 0x02, null, LengthPrefixed(text)), Server(null));
        AssertReason(ReasonCode.MalformedPacket, Connect(5, 0x02, null, LengthPrefixed(text)), Server(null));
    }

    [Theory]
    [MemberData(nameof(BadUtf8))]
    public void Ill_formed_utf8_in_a_topic_name_is_malformed_in_both_versions(byte[] text)
    {
        AssertReason(ReasonCode.MalformedPacket, Packet(0x30, LengthPrefixed(text), B(1)), V3Server);
        AssertReason(ReasonCode.MalformedPacket, Packet(0x30, LengthPrefixed(text), B(0), B(1)), V5Server);
    }

    [Theory]
    [MemberData(nameof(BadUtf8))]
    public void Ill_formed_utf8_in_a_topic_filter_or_user_property_is_malformed(byte[] text)
    {
        AssertReason(ReasonCode.MalformedPacket, Packet(0x82, U16(1), LengthPrefixed(text), B(0)), V3Server);
        AssertReason(ReasonCode.MalformedPacket, Packet(0xA2, U16(1), B(0), LengthPrefixed(text)), V5Server);
        AssertReason(ReasonCode.MalformedPacket, Packet(0x40, U16(1), B(0), Props(B(0x26), Str("k"), LengthPrefixed(text))), V5Server);
    }

    [Fact]
    public void Well_formed_multibyte_utf8_is_accepted()
    {
        var publish = (PublishPacket)DecodeOk(Packet(0x30, Str("é/✓/𝄞"), B(0)), V5Server);
        Assert.Equal("é/✓/𝄞", publish.Topic);
    }

    // ---- PUBLISH ----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("a/+")]
    [InlineData("#")]
    public void Publish_topic_with_a_wildcard_is_an_invalid_topic_name(string topic) =>
        AssertReason(ReasonCode.TopicNameInvalid, Packet(0x30, Str(topic), B(0)), V5Server);

    [Fact]
    public void Publish_with_empty_topic_and_no_alias_is_a_protocol_error()
    {
        AssertReason(ReasonCode.ProtocolError, Packet(0x30, Str(""), B(0)), V5Server);
        AssertReason(ReasonCode.ProtocolError, Packet(0x30, Str("")), V3Server);
    }

    [Fact]
    public void Publish_with_empty_topic_and_an_alias_is_accepted()
    {
        var publish = (PublishPacket)DecodeOk(Packet(0x30, Str(""), Props(B(0x23, 0, 4))), V5Server);
        Assert.Equal("", publish.Topic);
        Assert.Equal((ushort)4, publish.TopicAlias);
    }

    [Fact]
    public void Topic_alias_zero_is_topic_alias_invalid() =>
        AssertReason(ReasonCode.TopicAliasInvalid, Packet(0x30, Str("a"), Props(B(0x23, 0, 0))), V5Server);

    [Fact]
    public void Subscription_identifier_in_a_publish_from_a_client_is_a_protocol_error() =>
        AssertReason(ReasonCode.ProtocolError, Packet(0x30, Str("a"), Props(B(0x0B, 1))), V5Server);

    [Fact]
    public void Several_subscription_identifiers_in_a_publish_to_a_client_are_kept_in_order()
    {
        var publish = (PublishPacket)DecodeOk(Packet(0x30, Str("a"), Props(B(0x0B, 5), B(0x0B, 0x80, 0x01))), V5Client);
        Assert.Equal([5u, 128u], publish.SubscriptionIdentifiers);
    }

    [Fact]
    public void Subscription_identifier_zero_is_a_protocol_error() =>
        AssertReason(ReasonCode.ProtocolError, Packet(0x30, Str("a"), Props(B(0x0B, 0))), V5Client);

    // ---- Packet identifiers -----------------------------------------------------------------------------------

    [Fact]
    public void Packet_identifier_zero_is_a_protocol_error_where_one_is_required()
    {
        AssertReason(ReasonCode.ProtocolError, Packet(0x32, Str("a"), U16(0), B(0)), V5Server); // PUBLISH QoS 1
        AssertReason(ReasonCode.ProtocolError, Packet(0x34, Str("a"), U16(0)), V3Server); // PUBLISH QoS 2
        AssertReason(ReasonCode.ProtocolError, [0x40, 0x02, 0x00, 0x00], V3Server); // PUBACK
        AssertReason(ReasonCode.ProtocolError, [0x62, 0x02, 0x00, 0x00], V5Server); // PUBREL
        AssertReason(ReasonCode.ProtocolError, Packet(0x82, U16(0), Str("a"), B(0)), V3Server); // SUBSCRIBE
        AssertReason(ReasonCode.ProtocolError, Packet(0xA2, U16(0), B(0), Str("a")), V5Server); // UNSUBSCRIBE
        AssertReason(ReasonCode.ProtocolError, [0x90, 0x03, 0x00, 0x00, 0x00], V3Client); // SUBACK
    }

    // ---- Acknowledgements -------------------------------------------------------------------------------------

    [Fact]
    public void Mqtt_311_acknowledgement_with_extra_bytes_is_malformed() =>
        AssertReason(ReasonCode.MalformedPacket, [0x40, 0x03, 0x00, 0x01, 0x00], V3Server);

    [Fact]
    public void Acknowledgement_shorter_than_a_packet_identifier_is_malformed() =>
        AssertReason(ReasonCode.MalformedPacket, [0x40, 0x01, 0x01], V5Server);

    [Fact]
    public void Reason_code_not_defined_for_the_packet_is_malformed()
    {
        AssertReason(ReasonCode.MalformedPacket, [0x40, 0x03, 0x00, 0x01, 0x05], V5Server); // PUBACK 0x05
        AssertReason(ReasonCode.MalformedPacket, [0x62, 0x03, 0x00, 0x01, 0x10], V5Server); // PUBREL 0x10 is PUBACK-only
        AssertReason(ReasonCode.MalformedPacket, [0xE0, 0x01, 0x18], V5Server); // DISCONNECT 0x18
        AssertReason(ReasonCode.MalformedPacket, [0x20, 0x03, 0x00, 0x01, 0x00], V5Client); // CONNACK 0x01
        AssertReason(ReasonCode.MalformedPacket, [0x20, 0x02, 0x00, 0x06], V3Client); // 3.1.1 CONNACK 6
        AssertReason(ReasonCode.MalformedPacket, [0x90, 0x03, 0x00, 0x01, 0x03], V3Client); // 3.1.1 SUBACK 3
        AssertReason(ReasonCode.MalformedPacket, [0xF0, 0x01, 0x01], V5Server); // AUTH 0x01
    }

    [Fact]
    public void Ping_with_a_body_is_malformed() => AssertReason(ReasonCode.MalformedPacket, [0xC0, 0x01, 0x00], V5Server);

    [Fact]
    public void Mqtt_311_disconnect_with_a_body_is_malformed() => AssertReason(ReasonCode.MalformedPacket, [0xE0, 0x01, 0x00], V3Server);

    [Fact]
    public void Connack_with_session_present_and_a_refusal_is_a_protocol_error() =>
        AssertReason(ReasonCode.ProtocolError, [0x20, 0x02, 0x01, 0x05], V3Client);

    [Fact]
    public void Connack_reserved_acknowledge_flags_are_malformed() =>
        AssertReason(ReasonCode.MalformedPacket, [0x20, 0x03, 0x02, 0x00, 0x00], V5Client);

    [Fact]
    public void Session_expiry_in_a_disconnect_from_the_server_is_a_protocol_error() =>
        AssertReason(ReasonCode.ProtocolError, Packet(0xE0, B(0), Props(B(0x11, 0, 0, 0, 1))), V5Client);

    [Fact]
    public void Auth_with_a_reason_but_no_method_is_a_protocol_error() =>
        AssertReason(ReasonCode.ProtocolError, Packet(0xF0, B(0x18), Props()), V5Server);

    // ---- SUBSCRIBE / UNSUBSCRIBE ------------------------------------------------------------------------------

    [Fact]
    public void Subscribe_without_filters_is_a_protocol_error()
    {
        AssertReason(ReasonCode.ProtocolError, Packet(0x82, U16(1)), V3Server);
        AssertReason(ReasonCode.ProtocolError, Packet(0x82, U16(1), B(0)), V5Server);
    }

    [Fact]
    public void Unsubscribe_without_filters_is_a_protocol_error()
    {
        AssertReason(ReasonCode.ProtocolError, Packet(0xA2, U16(1)), V3Server);
        AssertReason(ReasonCode.ProtocolError, Packet(0xA2, U16(1), B(0)), V5Server);
    }

    [Theory]
    [InlineData((byte)0x04)] // No Local bit does not exist in 3.1.1
    [InlineData((byte)0x80)]
    [InlineData((byte)0x03)] // QoS 3
    public void Mqtt_311_subscription_options_reserved_bits_are_malformed(byte options) =>
        AssertReason(ReasonCode.MalformedPacket, Packet(0x82, U16(1), Str("a"), B(options)), V3Server);

    [Theory]
    [InlineData((byte)0x40)]
    [InlineData((byte)0x80)]
    [InlineData((byte)0x03)] // QoS 3
    public void Mqtt_5_subscription_options_reserved_bits_are_malformed(byte options) =>
        AssertReason(ReasonCode.MalformedPacket, Packet(0x82, U16(1), B(0), Str("a"), B(options)), V5Server);

    [Fact]
    public void Retain_handling_3_is_a_protocol_error() =>
        AssertReason(ReasonCode.ProtocolError, Packet(0x82, U16(1), B(0), Str("a"), B(0x30)), V5Server);

    [Fact]
    public void Mqtt_5_subscription_options_are_decoded()
    {
        var subscribe = (SubscribePacket)DecodeOk(Packet(0x82, U16(9), Props(B(0x0B, 0x2A)), Str("a/+"), B(0x2E)), V5Server);
        Subscription s = Assert.Single(subscribe.Subscriptions);
        Assert.Equal(new Subscription("a/+", QualityOfService.ExactlyOnce, NoLocal: true, RetainAsPublished: true, RetainHandling.DoNotSend), s);
        Assert.Equal(42u, subscribe.SubscriptionIdentifier);
    }

    // ---- Properties -------------------------------------------------------------------------------------------

    [Fact]
    public void Property_not_allowed_in_the_packet_is_malformed()
    {
        AssertReason(ReasonCode.MalformedPacket, Connect(5, 0x02, Props(B(0x23, 0, 1)), Str("id")), Server(null)); // Topic Alias in CONNECT
        AssertReason(ReasonCode.MalformedPacket, Packet(0x30, Str("a"), Props(B(0x11, 0, 0, 0, 1))), V5Server); // Session Expiry in PUBLISH
        AssertReason(ReasonCode.MalformedPacket, Packet(0x40, U16(1), B(0), Props(B(0x01, 1))), V5Server); // PFI in PUBACK
        AssertReason(ReasonCode.MalformedPacket, Packet(0xA2, U16(1), Props(B(0x1F), Str("r")), Str("a")), V5Server); // Reason String in UNSUBSCRIBE
        AssertReason(ReasonCode.MalformedPacket, Packet(0x82, U16(1), Props(B(0x24, 1)), Str("a"), B(0)), V5Server); // Maximum QoS in SUBSCRIBE
    }

    [Fact]
    public void Will_property_in_connect_properties_and_connect_property_in_will_properties_are_malformed()
    {
        AssertReason(ReasonCode.MalformedPacket, Connect(5, 0x02, Props(B(0x18, 0, 0, 0, 1)), Str("id")), Server(null));
        AssertReason(ReasonCode.MalformedPacket, Connect(5, 0x06, null, Str("id"), Props(B(0x11, 0, 0, 0, 1)), Str("w"), Str("x")), Server(null));
    }

    [Theory]
    [InlineData((byte)0x00)]
    [InlineData((byte)0x7F)]
    [InlineData((byte)0x80)]
    public void Unknown_property_identifier_is_malformed(byte id) =>
        AssertReason(ReasonCode.MalformedPacket, Packet(0x30, Str("a"), Props(B(id, 0))), V5Server);

    [Fact]
    public void Repeated_single_valued_property_is_a_protocol_error()
    {
        AssertReason(ReasonCode.ProtocolError, Connect(5, 0x02, Props(B(0x21, 0, 5), B(0x21, 0, 6)), Str("id")), Server(null));
        AssertReason(ReasonCode.ProtocolError, Packet(0x30, Str("a"), Props(B(0x02, 0, 0, 0, 1), B(0x02, 0, 0, 0, 1))), V5Server);
        AssertReason(ReasonCode.ProtocolError, Packet(0x40, U16(1), B(0), Props(B(0x1F), Str("x"), B(0x1F), Str("y"))), V5Server);
        AssertReason(ReasonCode.ProtocolError, Packet(0x82, U16(1), Props(B(0x0B, 1), B(0x0B, 2)), Str("a"), B(0)), V5Server);
    }

    [Fact]
    public void Repeated_user_properties_are_kept_in_order()
    {
        var ack = (PubAckPacket)DecodeOk(Packet(0x40, U16(1), B(0), Props(B(0x26), Str("k"), Str("1"), B(0x26), Str("k"), Str("2"))), V5Server);
        Assert.Equal([new UserProperty("k", "1"), new UserProperty("k", "2")], ack.UserProperties);
    }

    [Theory]
    [InlineData(new byte[] { 0x21, 0, 0 })] // Receive Maximum 0
    [InlineData(new byte[] { 0x27, 0, 0, 0, 0 })] // Maximum Packet Size 0
    [InlineData(new byte[] { 0x17, 2 })] // Request Problem Information 2
    [InlineData(new byte[] { 0x19, 2 })] // Request Response Information 2
    public void Property_value_out_of_range_is_a_protocol_error(byte[] property) =>
        AssertReason(ReasonCode.ProtocolError, Connect(5, 0x02, Props(property), Str("id")), Server(null));

    [Theory]
    [InlineData(new byte[] { 0x24, 2 })] // Maximum QoS 2
    [InlineData(new byte[] { 0x25, 2 })] // Retain Available 2
    [InlineData(new byte[] { 0x28, 7 })] // Wildcard Subscription Available 7
    public void Connack_property_value_out_of_range_is_a_protocol_error(byte[] property) =>
        AssertReason(ReasonCode.ProtocolError, Packet(0x20, B(0, 0), Props(property)), V5Client);

    [Fact]
    public void Property_length_beyond_the_packet_is_malformed() =>
        AssertReason(ReasonCode.MalformedPacket, Packet(0x30, Str("a"), B(0x10, 0x01, 0x01)), V5Server);

    [Fact]
    public void Property_length_longer_than_four_bytes_is_malformed() =>
        AssertReason(ReasonCode.MalformedPacket, Packet(0x30, Str("a"), B(0x80, 0x80, 0x80, 0x80, 0x00)), V5Server);

    [Fact]
    public void Property_value_cut_short_by_the_property_length_is_malformed() =>
        AssertReason(ReasonCode.MalformedPacket, Packet(0x30, Str("a"), B(0x03, 0x02, 0x00, 0x00), B(0x00, 0x00)), V5Server);
}
