using System.Text;
using Palisade.Mqtt.Packets;

namespace Palisade.Mqtt.Codec;

/// <summary>Body decoders, one per packet type; each reads a whole body span and rejects trailing bytes.</summary>
public static partial class MqttPacketReader
{
    private static DecodeResult DecodePublishHeader(
        ReadOnlySpan<byte> body, int flags, MqttProtocolVersion version, bool isServer, TopicNameCache? topics, out PublishPacket? packet, out int consumed)
    {
        packet = null;
        consumed = 0;
        var r = new SpanReader(body);
        var qos = (QualityOfService)((flags >> 1) & 3);
        if (!r.TryReadUtf8(out ReadOnlySpan<byte> topic))
        {
            return Malformed("PUBLISH topic name");
        }

        if (topic.IndexOfAny((byte)'+', (byte)'#') >= 0)
        {
            return DecodeResult.Invalid(ReasonCode.TopicNameInvalid, "wildcard in a PUBLISH topic name");
        }

        ushort packetId = 0;
        if (qos != QualityOfService.AtMostOnce)
        {
            if (!r.TryReadUInt16(out packetId))
            {
                return Malformed("PUBLISH packet identifier");
            }

            if (packetId == 0)
            {
                return ProtocolError("packet identifier 0");
            }
        }

        var bag = default(PropertyBag);
        if (version == MqttProtocolVersion.V500)
        {
            DecodeResult properties = PropertyBag.TryRead(ref r, PropertyBag.PublishAllowed, ref bag);
            if (Failed(properties))
            {
                return properties;
            }

            if (isServer && bag.SubscriptionIdentifiers is not null)
            {
                return ProtocolError("subscription identifier in a PUBLISH from a client");
            }
        }

        if (topic.IsEmpty && bag.TopicAlias is null)
        {
            return ProtocolError("empty topic name without topic alias");
        }

        consumed = r.Position;
        packet = new PublishPacket
        {
            Topic = topic.IsEmpty ? "" : topics is not null ? topics.Get(topic) : Encoding.UTF8.GetString(topic),
            QoS = qos,
            Retain = (flags & 1) != 0,
            Dup = (flags & 8) != 0,
            PacketId = packetId,
            PayloadFormatIndicator = bag.PayloadFormatIndicator,
            MessageExpiryInterval = bag.MessageExpiryInterval,
            TopicAlias = bag.TopicAlias,
            ResponseTopic = bag.ResponseTopic,
            CorrelationData = bag.CorrelationData,
            UserProperties = bag.UserPropertyList,
            ContentType = bag.ContentType,
        };
        if (bag.SubscriptionIdentifiers is not null)
        {
            packet.SubscriptionIdentifiers = bag.SubscriptionIdentifiers;
        }

        return DecodeResult.Ok;
    }

    /// <summary>PUBACK, PUBREC, PUBREL, PUBCOMP: the hot acknowledgement path, kept branch-light.</summary>
    private static DecodeResult DecodeAck(MqttPacketType type, ReadOnlySpan<byte> body, MqttProtocolVersion version, out MqttPacket? packet)
    {
        packet = null;
        if (body.Length < 2 || (version == MqttProtocolVersion.V311 && body.Length != 2))
        {
            return Malformed("acknowledgement length");
        }

        ushort packetId = (ushort)((body[0] << 8) | body[1]);
        if (packetId == 0)
        {
            return ProtocolError("packet identifier 0");
        }

        if (body.Length == 2)
        {
            packet = new PubAckPacket(type, packetId);
            return DecodeResult.Ok;
        }

        byte code = body[2];
        if (!ReasonCodeRules.IsValid(type, code))
        {
            return Malformed("reason code not allowed in this acknowledgement");
        }

        var ack = new PubAckPacket(type, packetId, (ReasonCode)code);
        if (body.Length > 3)
        {
            var r = new SpanReader(body[3..]);
            var bag = default(PropertyBag);
            DecodeResult properties = PropertyBag.TryRead(ref r, PropertyBag.AckAllowed, ref bag);
            if (Failed(properties))
            {
                return properties;
            }

            if (!r.End)
            {
                return Malformed("bytes after the properties");
            }

            ack.ReasonString = bag.ReasonString;
            ack.UserProperties = bag.UserPropertyList;
        }

        packet = ack;
        return DecodeResult.Ok;
    }

    private static DecodeResult DecodeConnect(ReadOnlySpan<byte> body, out MqttPacket? packet)
    {
        packet = null;
        var r = new SpanReader(body);
        if (!r.TryReadUtf8(out ReadOnlySpan<byte> protocolName) || !r.TryReadByte(out byte level))
        {
            return Malformed("CONNECT protocol name or level");
        }

        bool nameOk = protocolName.SequenceEqual("MQTT"u8);
        if (!nameOk || level is not (4 or 5))
        {
            packet = new ConnectPacket { ProtocolVersion = level > 5 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311 };
            return DecodeResult.Invalid(ReasonCode.UnsupportedProtocolVersion, nameOk ? "unsupported protocol level" : "unsupported protocol name");
        }

        var version = (MqttProtocolVersion)level;
        DecodeResult result = DecodeConnectRest(ref r, version, out ConnectPacket? connect);

        // On failure still hand back the version, so the caller can answer CONNACK in the client's protocol.
        packet = connect ?? new ConnectPacket { ProtocolVersion = version };
        return result;
    }

    private static DecodeResult DecodeConnectRest(ref SpanReader r, MqttProtocolVersion version, out ConnectPacket? packet)
    {
        packet = null;
        if (!r.TryReadByte(out byte flags) || !r.TryReadUInt16(out ushort keepAlive))
        {
            return Malformed("CONNECT flags or keep alive");
        }

        if ((flags & 0x01) != 0)
        {
            return Malformed("CONNECT reserved flag set");
        }

        bool willFlag = (flags & 0x04) != 0;
        int willQoS = (flags >> 3) & 3;
        bool willRetain = (flags & 0x20) != 0;
        bool passwordFlag = (flags & 0x40) != 0;
        bool userNameFlag = (flags & 0x80) != 0;
        if (!willFlag && (willQoS != 0 || willRetain))
        {
            return Malformed("will QoS or retain set without the will flag");
        }

        if (willQoS == 3)
        {
            return Malformed("will QoS 3");
        }

        if (version == MqttProtocolVersion.V311 && passwordFlag && !userNameFlag)
        {
            return Malformed("password without user name in MQTT 3.1.1");
        }

        var bag = default(PropertyBag);
        if (version == MqttProtocolVersion.V500)
        {
            DecodeResult properties = PropertyBag.TryRead(ref r, PropertyBag.ConnectAllowed, ref bag);
            if (Failed(properties))
            {
                return properties;
            }

            if (bag.AuthenticationData is not null && bag.AuthenticationMethod is null)
            {
                return ProtocolError("authentication data without authentication method");
            }
        }

        if (!r.TryReadString(out string clientId))
        {
            return Malformed("client identifier");
        }

        WillMessage? will = null;
        if (willFlag)
        {
            var willBag = default(PropertyBag);
            if (version == MqttProtocolVersion.V500)
            {
                DecodeResult properties = PropertyBag.TryRead(ref r, PropertyBag.WillAllowed, ref willBag);
                if (Failed(properties))
                {
                    return properties;
                }
            }

            if (!r.TryReadUtf8(out ReadOnlySpan<byte> willTopic) || !r.TryReadBinary(out ReadOnlySpan<byte> willPayload))
            {
                return Malformed("will topic or payload");
            }

            if (willTopic.IsEmpty || willTopic.IndexOfAny((byte)'+', (byte)'#') >= 0)
            {
                return DecodeResult.Invalid(ReasonCode.TopicNameInvalid, "will topic is not a valid topic name");
            }

            will = new WillMessage
            {
                Topic = Encoding.UTF8.GetString(willTopic),
                Payload = willPayload.IsEmpty ? ReadOnlyMemory<byte>.Empty : willPayload.ToArray(),
                QoS = (QualityOfService)willQoS,
                Retain = willRetain,
                WillDelayInterval = willBag.WillDelayInterval ?? 0,
                PayloadFormatIndicator = willBag.PayloadFormatIndicator,
                MessageExpiryInterval = willBag.MessageExpiryInterval,
                ContentType = willBag.ContentType,
                ResponseTopic = willBag.ResponseTopic,
                CorrelationData = willBag.CorrelationData,
                UserProperties = willBag.UserPropertyList,
            };
        }

        string? userName = null;
        if (userNameFlag && !r.TryReadString(out userName))
        {
            return Malformed("user name");
        }

        ReadOnlySpan<byte> password = default;
        if (passwordFlag && !r.TryReadBinary(out password))
        {
            return Malformed("password");
        }

        if (!r.End)
        {
            return Malformed("bytes after the CONNECT payload");
        }

        packet = new ConnectPacket
        {
            ProtocolVersion = version,
            ClientId = clientId,
            CleanStart = (flags & 0x02) != 0,
            KeepAliveSeconds = keepAlive,
            UserName = userName,
            Password = passwordFlag ? new ReadOnlyMemory<byte>(password.ToArray()) : (ReadOnlyMemory<byte>?)null,
            Will = will,
            SessionExpiryInterval = bag.SessionExpiryInterval ?? 0,
            ReceiveMaximum = bag.ReceiveMaximum ?? ushort.MaxValue,
            MaximumPacketSize = bag.MaximumPacketSize,
            TopicAliasMaximum = bag.TopicAliasMaximum ?? 0,
            RequestResponseInformation = bag.RequestResponseInformation ?? false,
            RequestProblemInformation = bag.RequestProblemInformation ?? true,
            AuthenticationMethod = bag.AuthenticationMethod,
            AuthenticationData = bag.AuthenticationData,
            UserProperties = bag.UserPropertyList,
        };
        return DecodeResult.Ok;
    }

    private static DecodeResult DecodeConnAck(ReadOnlySpan<byte> body, MqttProtocolVersion version, out MqttPacket? packet)
    {
        packet = null;
        var r = new SpanReader(body);
        if (!r.TryReadByte(out byte ackFlags) || !r.TryReadByte(out byte code))
        {
            return Malformed("CONNACK too short");
        }

        if ((ackFlags & 0xFE) != 0)
        {
            return Malformed("CONNACK reserved flags set");
        }

        ReasonCode reason;
        var bag = default(PropertyBag);
        if (version == MqttProtocolVersion.V311)
        {
            if (ReasonCodeRules.FromV311ConnAck(code) is not { } mapped || !r.End)
            {
                return Malformed("CONNACK return code or length");
            }

            reason = mapped;
        }
        else
        {
            if (!ReasonCodeRules.IsValid(MqttPacketType.ConnAck, code))
            {
                return Malformed("CONNACK reason code");
            }

            reason = (ReasonCode)code;
            DecodeResult properties = PropertyBag.TryRead(ref r, PropertyBag.ConnAckAllowed, ref bag);
            if (Failed(properties))
            {
                return properties;
            }

            if (!r.End)
            {
                return Malformed("bytes after the CONNACK properties");
            }
        }

        if ((ackFlags & 1) != 0 && reason != ReasonCode.Success)
        {
            return ProtocolError("session present with a refusal");
        }

        packet = new ConnAckPacket
        {
            SessionPresent = (ackFlags & 1) != 0,
            ReasonCode = reason,
            SessionExpiryInterval = bag.SessionExpiryInterval,
            ReceiveMaximum = bag.ReceiveMaximum,
            MaximumQoS = bag.MaximumQoS is { } q ? (QualityOfService)q : null,
            RetainAvailable = bag.RetainAvailable,
            MaximumPacketSize = bag.MaximumPacketSize,
            AssignedClientIdentifier = bag.AssignedClientIdentifier,
            TopicAliasMaximum = bag.TopicAliasMaximum,
            ReasonString = bag.ReasonString,
            WildcardSubscriptionAvailable = bag.WildcardSubscriptionAvailable,
            SubscriptionIdentifiersAvailable = bag.SubscriptionIdentifierAvailable,
            SharedSubscriptionAvailable = bag.SharedSubscriptionAvailable,
            ServerKeepAlive = bag.ServerKeepAlive,
            ResponseInformation = bag.ResponseInformation,
            ServerReference = bag.ServerReference,
            AuthenticationMethod = bag.AuthenticationMethod,
            AuthenticationData = bag.AuthenticationData,
            UserProperties = bag.UserPropertyList,
        };
        return DecodeResult.Ok;
    }

    private static DecodeResult ReadPacketId(ref SpanReader r, out ushort packetId)
    {
        if (!r.TryReadUInt16(out packetId))
        {
            return Malformed("packet identifier");
        }

        return packetId == 0 ? ProtocolError("packet identifier 0") : DecodeResult.Ok;
    }

    /// <summary>The variable header shared by SUBSCRIBE, SUBACK and UNSUBSCRIBE: a packet identifier, then (5.0 only)
    /// the properties allowed for that packet.</summary>
    private static DecodeResult ReadPacketIdAndProperties(ref SpanReader r, MqttProtocolVersion version, ulong allowed, out ushort packetId, ref PropertyBag bag)
    {
        DecodeResult id = ReadPacketId(ref r, out packetId);
        if (Failed(id) || version != MqttProtocolVersion.V500)
        {
            return id;
        }

        return PropertyBag.TryRead(ref r, allowed, ref bag);
    }

    private static DecodeResult DecodeSubscribe(ReadOnlySpan<byte> body, MqttProtocolVersion version, out MqttPacket? packet)
    {
        packet = null;
        var r = new SpanReader(body);
        var bag = default(PropertyBag);
        DecodeResult head = ReadPacketIdAndProperties(ref r, version, PropertyBag.SubscribeAllowed, out ushort packetId, ref bag);
        if (Failed(head))
        {
            return head;
        }

        // Each entry takes at least three bytes (empty filter length and options), which bounds the list.
        var subscriptions = new List<Subscription>(Math.Min(r.Remaining / 3, 4));
        while (!r.End)
        {
            if (!r.TryReadString(out string filter) || !r.TryReadByte(out byte options))
            {
                return Malformed("topic filter or subscription options");
            }

            int qos = options & 3;
            if (qos == 3)
            {
                return Malformed("subscription QoS 3");
            }

            if (version == MqttProtocolVersion.V311)
            {
                if ((options & 0xFC) != 0)
                {
                    return Malformed("subscription options reserved bits set");
                }

                subscriptions.Add(new Subscription(filter, (QualityOfService)qos));
                continue;
            }

            if ((options & 0xC0) != 0)
            {
                return Malformed("subscription options reserved bits set");
            }

            int retainHandling = (options >> 4) & 3;
            if (retainHandling == 3)
            {
                return ProtocolError("retain handling 3");
            }

            subscriptions.Add(new Subscription(
                filter, (QualityOfService)qos, NoLocal: (options & 0x04) != 0, RetainAsPublished: (options & 0x08) != 0, (RetainHandling)retainHandling));
        }

        if (subscriptions.Count == 0)
        {
            return ProtocolError("SUBSCRIBE without topic filters");
        }

        packet = new SubscribePacket
        {
            PacketId = packetId,
            Subscriptions = subscriptions,
            SubscriptionIdentifier = bag.SubscriptionIdentifiers?[0],
            UserProperties = bag.UserPropertyList,
        };
        return DecodeResult.Ok;
    }

    private static DecodeResult DecodeSubAck(ReadOnlySpan<byte> body, MqttProtocolVersion version, out MqttPacket? packet)
    {
        packet = null;
        var r = new SpanReader(body);
        var bag = default(PropertyBag);
        DecodeResult head = ReadPacketIdAndProperties(ref r, version, PropertyBag.AckAllowed, out ushort packetId, ref bag);
        if (Failed(head))
        {
            return head;
        }

        if (r.End)
        {
            return ProtocolError("SUBACK without reason codes");
        }

        var codes = new ReasonCode[r.Remaining];
        for (int i = 0; i < codes.Length; i++)
        {
            r.TryReadByte(out byte code);
            bool valid = version == MqttProtocolVersion.V311 ? code is 0 or 1 or 2 or 0x80 : ReasonCodeRules.IsValid(MqttPacketType.SubAck, code);
            if (!valid)
            {
                return Malformed("SUBACK reason code");
            }

            // 3.1.1 failure 0x80 equals the 5.0 UnspecifiedError code, so the cast serves both versions.
            codes[i] = (ReasonCode)code;
        }

        packet = new SubAckPacket { PacketId = packetId, ReasonCodes = codes, ReasonString = bag.ReasonString, UserProperties = bag.UserPropertyList };
        return DecodeResult.Ok;
    }

    private static DecodeResult DecodeUnsubscribe(ReadOnlySpan<byte> body, MqttProtocolVersion version, out MqttPacket? packet)
    {
        packet = null;
        var r = new SpanReader(body);
        var bag = default(PropertyBag);
        DecodeResult head = ReadPacketIdAndProperties(ref r, version, PropertyBag.UnsubscribeAllowed, out ushort packetId, ref bag);
        if (Failed(head))
        {
            return head;
        }

        var filters = new List<string>(Math.Min(r.Remaining / 2, 4));
        while (!r.End)
        {
            if (!r.TryReadString(out string filter))
            {
                return Malformed("topic filter");
            }

            filters.Add(filter);
        }

        if (filters.Count == 0)
        {
            return ProtocolError("UNSUBSCRIBE without topic filters");
        }

        packet = new UnsubscribePacket { PacketId = packetId, TopicFilters = filters, UserProperties = bag.UserPropertyList };
        return DecodeResult.Ok;
    }

    private static DecodeResult DecodeUnsubAck(ReadOnlySpan<byte> body, MqttProtocolVersion version, out MqttPacket? packet)
    {
        packet = null;
        var r = new SpanReader(body);
        DecodeResult id = ReadPacketId(ref r, out ushort packetId);
        if (Failed(id))
        {
            return id;
        }

        if (version == MqttProtocolVersion.V311)
        {
            if (!r.End)
            {
                return Malformed("UNSUBACK length");
            }

            packet = new UnsubAckPacket { PacketId = packetId };
            return DecodeResult.Ok;
        }

        var bag = default(PropertyBag);
        DecodeResult properties = PropertyBag.TryRead(ref r, PropertyBag.AckAllowed, ref bag);
        if (Failed(properties))
        {
            return properties;
        }

        if (r.End)
        {
            return ProtocolError("UNSUBACK without reason codes");
        }

        var codes = new ReasonCode[r.Remaining];
        for (int i = 0; i < codes.Length; i++)
        {
            r.TryReadByte(out byte code);
            if (!ReasonCodeRules.IsValid(MqttPacketType.UnsubAck, code))
            {
                return Malformed("UNSUBACK reason code");
            }

            codes[i] = (ReasonCode)code;
        }

        packet = new UnsubAckPacket { PacketId = packetId, ReasonCodes = codes, ReasonString = bag.ReasonString, UserProperties = bag.UserPropertyList };
        return DecodeResult.Ok;
    }

    private static DecodeResult DecodeDisconnect(ReadOnlySpan<byte> body, MqttProtocolVersion version, bool isServer, out MqttPacket? packet)
    {
        packet = null;
        if (body.IsEmpty)
        {
            packet = new DisconnectPacket();
            return DecodeResult.Ok;
        }

        if (version == MqttProtocolVersion.V311)
        {
            return Malformed("DISCONNECT with a body in MQTT 3.1.1");
        }

        var r = new SpanReader(body);
        r.TryReadByte(out byte code);
        if (!ReasonCodeRules.IsValid(MqttPacketType.Disconnect, code))
        {
            return Malformed("DISCONNECT reason code");
        }

        var bag = default(PropertyBag);
        if (!r.End)
        {
            DecodeResult properties = PropertyBag.TryRead(ref r, PropertyBag.DisconnectAllowed, ref bag);
            if (Failed(properties))
            {
                return properties;
            }

            if (!r.End)
            {
                return Malformed("bytes after the DISCONNECT properties");
            }

            if (!isServer && bag.SessionExpiryInterval is not null)
            {
                return ProtocolError("session expiry interval in a DISCONNECT from the server");
            }
        }

        packet = new DisconnectPacket
        {
            ReasonCode = (ReasonCode)code,
            SessionExpiryInterval = bag.SessionExpiryInterval,
            ReasonString = bag.ReasonString,
            ServerReference = bag.ServerReference,
            UserProperties = bag.UserPropertyList,
        };
        return DecodeResult.Ok;
    }

    private static DecodeResult DecodeAuth(ReadOnlySpan<byte> body, out MqttPacket? packet)
    {
        packet = null;
        if (body.IsEmpty)
        {
            packet = new AuthPacket();
            return DecodeResult.Ok;
        }

        var r = new SpanReader(body);
        r.TryReadByte(out byte code);
        if (!ReasonCodeRules.IsValid(MqttPacketType.Auth, code))
        {
            return Malformed("AUTH reason code");
        }

        var bag = default(PropertyBag);
        if (!r.End)
        {
            DecodeResult properties = PropertyBag.TryRead(ref r, PropertyBag.AuthAllowed, ref bag);
            if (Failed(properties))
            {
                return properties;
            }

            if (!r.End)
            {
                return Malformed("bytes after the AUTH properties");
            }
        }

        if (bag.AuthenticationMethod is null && (code != 0 || bag.AuthenticationData is not null))
        {
            return ProtocolError("AUTH without authentication method");
        }

        packet = new AuthPacket
        {
            ReasonCode = (ReasonCode)code,
            AuthenticationMethod = bag.AuthenticationMethod,
            AuthenticationData = bag.AuthenticationData,
            ReasonString = bag.ReasonString,
            UserProperties = bag.UserPropertyList,
        };
        return DecodeResult.Ok;
    }
}
