using System.Buffers;
using Palisade.Mqtt.Packets;

namespace Palisade.Mqtt.Codec;

/// <summary>Writers for every packet but PUBLISH; each sizes the packet, then writes it in one span.</summary>
public static partial class MqttPacketWriter
{
    private static int WriteAck(IBufferWriter<byte> output, MqttProtocolVersion version, PubAckPacket a)
    {
        int properties = 0;
        int remaining = 2;
        if (version == MqttProtocolVersion.V500)
        {
            // The short forms (no reason code when Success, no property length when none) are what peers expect.
            properties = StringPropertyLength(a.ReasonString) + UserPropertiesLength(a.UserProperties);
            if (properties != 0)
            {
                remaining = 3 + PropertySectionLength(properties);
            }
            else if (a.ReasonCode != ReasonCode.Success)
            {
                remaining = 3;
            }
        }

        int size = MqttEncoding.PacketSize(remaining);
        var w = new SpanWriter(output.GetSpan(size));
        w.WriteByte((byte)(((int)a.Type << 4) | (a.Type == MqttPacketType.PubRel ? 2 : 0)));
        w.WriteVariableByteInteger((uint)remaining);
        w.WriteUInt16(a.PacketId);
        if (remaining > 2)
        {
            w.WriteByte((byte)a.ReasonCode);
            if (remaining > 3)
            {
                w.WriteVariableByteInteger((uint)properties);
                if (a.ReasonString is { } reasonString) WriteStringProperty(ref w, PropertyId.ReasonString, reasonString);
                WriteUserProperties(ref w, a.UserProperties);
            }
        }

        output.Advance(size);
        return size;
    }

    private static int WriteConnect(IBufferWriter<byte> output, MqttProtocolVersion version, ConnectPacket c)
    {
        bool v5 = version == MqttProtocolVersion.V500;
        WillMessage? will = c.Will;
        int properties = 0;
        int willProperties = 0;
        int remaining = 10 + MqttEncoding.StringSize(c.ClientId);
        if (v5)
        {
            properties = (c.SessionExpiryInterval != 0 ? 5 : 0) + (c.ReceiveMaximum != ushort.MaxValue ? 3 : 0)
                + (c.MaximumPacketSize is not null ? 5 : 0) + (c.TopicAliasMaximum != 0 ? 3 : 0)
                + (c.RequestResponseInformation ? 2 : 0) + (c.RequestProblemInformation ? 0 : 2)
                + StringPropertyLength(c.AuthenticationMethod) + BinaryPropertyLength(c.AuthenticationData)
                + UserPropertiesLength(c.UserProperties);
            remaining += PropertySectionLength(properties);
        }

        if (will is not null)
        {
            remaining += MqttEncoding.StringSize(will.Topic) + MqttEncoding.BinarySize(will.Payload.Length);
            if (v5)
            {
                willProperties = (will.WillDelayInterval != 0 ? 5 : 0) + (will.PayloadFormatIndicator is not null ? 2 : 0)
                    + (will.MessageExpiryInterval is not null ? 5 : 0) + StringPropertyLength(will.ContentType)
                    + StringPropertyLength(will.ResponseTopic) + BinaryPropertyLength(will.CorrelationData)
                    + UserPropertiesLength(will.UserProperties);
                remaining += PropertySectionLength(willProperties);
            }
        }

        if (c.UserName is { } userName) remaining += MqttEncoding.StringSize(userName);
        if (c.Password is { } password) remaining += MqttEncoding.BinarySize(password.Length);

        int flags = (c.CleanStart ? 0x02 : 0) | (c.UserName is not null ? 0x80 : 0) | (c.Password is not null ? 0x40 : 0);
        if (will is not null)
        {
            flags |= 0x04 | ((byte)will.QoS << 3) | (will.Retain ? 0x20 : 0);
        }

        int size = MqttEncoding.PacketSize(remaining);
        var w = new SpanWriter(output.GetSpan(size));
        w.WriteByte(0x10);
        w.WriteVariableByteInteger((uint)remaining);
        w.WriteBinary("MQTT"u8);
        w.WriteByte((byte)version);
        w.WriteByte((byte)flags);
        w.WriteUInt16(c.KeepAliveSeconds);
        if (v5)
        {
            w.WriteVariableByteInteger((uint)properties);
            if (c.SessionExpiryInterval != 0) WriteUInt32Property(ref w, PropertyId.SessionExpiryInterval, c.SessionExpiryInterval);
            if (c.ReceiveMaximum != ushort.MaxValue) WriteUInt16Property(ref w, PropertyId.ReceiveMaximum, c.ReceiveMaximum);
            if (c.MaximumPacketSize is { } maximumPacketSize) WriteUInt32Property(ref w, PropertyId.MaximumPacketSize, maximumPacketSize);
            if (c.TopicAliasMaximum != 0) WriteUInt16Property(ref w, PropertyId.TopicAliasMaximum, c.TopicAliasMaximum);
            if (c.RequestResponseInformation) WriteByteProperty(ref w, PropertyId.RequestResponseInformation, 1);
            if (!c.RequestProblemInformation) WriteByteProperty(ref w, PropertyId.RequestProblemInformation, 0);
            if (c.AuthenticationMethod is { } method) WriteStringProperty(ref w, PropertyId.AuthenticationMethod, method);
            if (c.AuthenticationData is { } data) WriteBinaryProperty(ref w, PropertyId.AuthenticationData, data.Span);
            WriteUserProperties(ref w, c.UserProperties);
        }

        w.WriteString(c.ClientId);
        if (will is not null)
        {
            if (v5)
            {
                w.WriteVariableByteInteger((uint)willProperties);
                if (will.WillDelayInterval != 0) WriteUInt32Property(ref w, PropertyId.WillDelayInterval, will.WillDelayInterval);
                if (will.PayloadFormatIndicator is { } pfi) WriteByteProperty(ref w, PropertyId.PayloadFormatIndicator, pfi);
                if (will.MessageExpiryInterval is { } expiry) WriteUInt32Property(ref w, PropertyId.MessageExpiryInterval, expiry);
                if (will.ContentType is { } contentType) WriteStringProperty(ref w, PropertyId.ContentType, contentType);
                if (will.ResponseTopic is { } responseTopic) WriteStringProperty(ref w, PropertyId.ResponseTopic, responseTopic);
                if (will.CorrelationData is { } correlation) WriteBinaryProperty(ref w, PropertyId.CorrelationData, correlation.Span);
                WriteUserProperties(ref w, will.UserProperties);
            }

            w.WriteString(will.Topic);
            w.WriteBinary(will.Payload.Span);
        }

        if (c.UserName is { } name) w.WriteString(name);
        if (c.Password is { } pass) w.WriteBinary(pass.Span);
        output.Advance(size);
        return size;
    }

    private static int WriteConnAck(IBufferWriter<byte> output, MqttProtocolVersion version, ConnAckPacket c)
    {
        bool sessionPresent = c.SessionPresent && c.ReasonCode == ReasonCode.Success;
        if (version == MqttProtocolVersion.V311)
        {
            Span<byte> span = output.GetSpan(4);
            span[0] = 0x20;
            span[1] = 2;
            span[2] = sessionPresent ? (byte)1 : (byte)0;
            span[3] = ReasonCodeMapping.ToV311ConnAckReturnCode(c.ReasonCode);
            output.Advance(4);
            return 4;
        }

        int properties = (c.SessionExpiryInterval is not null ? 5 : 0) + (c.ReceiveMaximum is not null ? 3 : 0)
            + (c.MaximumQoS is not null ? 2 : 0) + (c.RetainAvailable is not null ? 2 : 0) + (c.MaximumPacketSize is not null ? 5 : 0)
            + StringPropertyLength(c.AssignedClientIdentifier) + (c.TopicAliasMaximum is not null ? 3 : 0) + StringPropertyLength(c.ReasonString)
            + (c.WildcardSubscriptionAvailable is not null ? 2 : 0) + (c.SubscriptionIdentifiersAvailable is not null ? 2 : 0)
            + (c.SharedSubscriptionAvailable is not null ? 2 : 0) + (c.ServerKeepAlive is not null ? 3 : 0)
            + StringPropertyLength(c.ResponseInformation) + StringPropertyLength(c.ServerReference)
            + StringPropertyLength(c.AuthenticationMethod) + BinaryPropertyLength(c.AuthenticationData) + UserPropertiesLength(c.UserProperties);
        int remaining = 2 + PropertySectionLength(properties);
        int size = MqttEncoding.PacketSize(remaining);
        var w = new SpanWriter(output.GetSpan(size));
        w.WriteByte(0x20);
        w.WriteVariableByteInteger((uint)remaining);
        w.WriteByte(sessionPresent ? (byte)1 : (byte)0);
        w.WriteByte((byte)c.ReasonCode);
        w.WriteVariableByteInteger((uint)properties);
        if (c.SessionExpiryInterval is { } sessionExpiry) WriteUInt32Property(ref w, PropertyId.SessionExpiryInterval, sessionExpiry);
        if (c.ReceiveMaximum is { } receiveMaximum) WriteUInt16Property(ref w, PropertyId.ReceiveMaximum, receiveMaximum);
        if (c.MaximumQoS is { } maximumQoS) WriteByteProperty(ref w, PropertyId.MaximumQoS, (byte)maximumQoS);
        if (c.RetainAvailable is { } retainAvailable) WriteByteProperty(ref w, PropertyId.RetainAvailable, retainAvailable ? (byte)1 : (byte)0);
        if (c.MaximumPacketSize is { } maximumPacketSize) WriteUInt32Property(ref w, PropertyId.MaximumPacketSize, maximumPacketSize);
        if (c.AssignedClientIdentifier is { } assigned) WriteStringProperty(ref w, PropertyId.AssignedClientIdentifier, assigned);
        if (c.TopicAliasMaximum is { } topicAliasMaximum) WriteUInt16Property(ref w, PropertyId.TopicAliasMaximum, topicAliasMaximum);
        if (c.ReasonString is { } reasonString) WriteStringProperty(ref w, PropertyId.ReasonString, reasonString);
        if (c.WildcardSubscriptionAvailable is { } wildcard) WriteByteProperty(ref w, PropertyId.WildcardSubscriptionAvailable, wildcard ? (byte)1 : (byte)0);
        if (c.SubscriptionIdentifiersAvailable is { } subIds) WriteByteProperty(ref w, PropertyId.SubscriptionIdentifierAvailable, subIds ? (byte)1 : (byte)0);
        if (c.SharedSubscriptionAvailable is { } shared) WriteByteProperty(ref w, PropertyId.SharedSubscriptionAvailable, shared ? (byte)1 : (byte)0);
        if (c.ServerKeepAlive is { } keepAlive) WriteUInt16Property(ref w, PropertyId.ServerKeepAlive, keepAlive);
        if (c.ResponseInformation is { } responseInformation) WriteStringProperty(ref w, PropertyId.ResponseInformation, responseInformation);
        if (c.ServerReference is { } serverReference) WriteStringProperty(ref w, PropertyId.ServerReference, serverReference);
        if (c.AuthenticationMethod is { } method) WriteStringProperty(ref w, PropertyId.AuthenticationMethod, method);
        if (c.AuthenticationData is { } data) WriteBinaryProperty(ref w, PropertyId.AuthenticationData, data.Span);
        WriteUserProperties(ref w, c.UserProperties);
        output.Advance(size);
        return size;
    }

    private static int WriteSubscribe(IBufferWriter<byte> output, MqttProtocolVersion version, SubscribePacket s)
    {
        bool v5 = version == MqttProtocolVersion.V500;
        int properties = 0;
        int remaining = 2;
        if (v5)
        {
            properties = (s.SubscriptionIdentifier is { } id ? 1 + MqttEncoding.VariableByteIntegerSize(id) : 0) + UserPropertiesLength(s.UserProperties);
            remaining += PropertySectionLength(properties);
        }

        for (int i = 0; i < s.Subscriptions.Count; i++)
        {
            remaining += MqttEncoding.StringSize(s.Subscriptions[i].TopicFilter) + 1;
        }

        int size = MqttEncoding.PacketSize(remaining);
        var w = new SpanWriter(output.GetSpan(size));
        w.WriteByte(0x82);
        w.WriteVariableByteInteger((uint)remaining);
        w.WriteUInt16(s.PacketId);
        if (v5)
        {
            w.WriteVariableByteInteger((uint)properties);
            if (s.SubscriptionIdentifier is { } id) WriteVariableByteIntegerProperty(ref w, PropertyId.SubscriptionIdentifier, id);
            WriteUserProperties(ref w, s.UserProperties);
        }

        for (int i = 0; i < s.Subscriptions.Count; i++)
        {
            Subscription sub = s.Subscriptions[i];
            w.WriteString(sub.TopicFilter);
            int options = (byte)sub.MaximumQoS;
            if (v5)
            {
                options |= (sub.NoLocal ? 0x04 : 0) | (sub.RetainAsPublished ? 0x08 : 0) | ((byte)sub.RetainHandling << 4);
            }

            w.WriteByte((byte)options);
        }

        output.Advance(size);
        return size;
    }

    private static int WriteSubAck(IBufferWriter<byte> output, MqttProtocolVersion version, SubAckPacket s)
    {
        bool v5 = version == MqttProtocolVersion.V500;
        int properties = v5 ? StringPropertyLength(s.ReasonString) + UserPropertiesLength(s.UserProperties) : 0;
        int remaining = 2 + (v5 ? PropertySectionLength(properties) : 0) + s.ReasonCodes.Count;
        int size = MqttEncoding.PacketSize(remaining);
        var w = new SpanWriter(output.GetSpan(size));
        w.WriteByte(0x90);
        w.WriteVariableByteInteger((uint)remaining);
        w.WriteUInt16(s.PacketId);
        if (v5)
        {
            w.WriteVariableByteInteger((uint)properties);
            if (s.ReasonString is { } reasonString) WriteStringProperty(ref w, PropertyId.ReasonString, reasonString);
            WriteUserProperties(ref w, s.UserProperties);
        }

        for (int i = 0; i < s.ReasonCodes.Count; i++)
        {
            ReasonCode code = s.ReasonCodes[i];
            w.WriteByte(v5 ? (byte)code : ReasonCodeMapping.ToV311SubAckReturnCode(code));
        }

        output.Advance(size);
        return size;
    }

    private static int WriteUnsubscribe(IBufferWriter<byte> output, MqttProtocolVersion version, UnsubscribePacket u)
    {
        bool v5 = version == MqttProtocolVersion.V500;
        int properties = v5 ? UserPropertiesLength(u.UserProperties) : 0;
        int remaining = 2 + (v5 ? PropertySectionLength(properties) : 0);
        for (int i = 0; i < u.TopicFilters.Count; i++)
        {
            remaining += MqttEncoding.StringSize(u.TopicFilters[i]);
        }

        int size = MqttEncoding.PacketSize(remaining);
        var w = new SpanWriter(output.GetSpan(size));
        w.WriteByte(0xA2);
        w.WriteVariableByteInteger((uint)remaining);
        w.WriteUInt16(u.PacketId);
        if (v5)
        {
            w.WriteVariableByteInteger((uint)properties);
            WriteUserProperties(ref w, u.UserProperties);
        }

        for (int i = 0; i < u.TopicFilters.Count; i++)
        {
            w.WriteString(u.TopicFilters[i]);
        }

        output.Advance(size);
        return size;
    }

    private static int WriteUnsubAck(IBufferWriter<byte> output, MqttProtocolVersion version, UnsubAckPacket u)
    {
        bool v5 = version == MqttProtocolVersion.V500;
        int properties = v5 ? StringPropertyLength(u.ReasonString) + UserPropertiesLength(u.UserProperties) : 0;
        int remaining = v5 ? 2 + PropertySectionLength(properties) + u.ReasonCodes.Count : 2;
        int size = MqttEncoding.PacketSize(remaining);
        var w = new SpanWriter(output.GetSpan(size));
        w.WriteByte(0xB0);
        w.WriteVariableByteInteger((uint)remaining);
        w.WriteUInt16(u.PacketId);
        if (v5)
        {
            w.WriteVariableByteInteger((uint)properties);
            if (u.ReasonString is { } reasonString) WriteStringProperty(ref w, PropertyId.ReasonString, reasonString);
            WriteUserProperties(ref w, u.UserProperties);
            for (int i = 0; i < u.ReasonCodes.Count; i++)
            {
                w.WriteByte((byte)u.ReasonCodes[i]);
            }
        }

        output.Advance(size);
        return size;
    }

    private static int WriteDisconnect(IBufferWriter<byte> output, MqttProtocolVersion version, DisconnectPacket d)
    {
        if (version == MqttProtocolVersion.V311)
        {
            return WriteHeaderOnly(output, 0xE0);
        }

        int properties = (d.SessionExpiryInterval is not null ? 5 : 0) + StringPropertyLength(d.ReasonString)
            + StringPropertyLength(d.ServerReference) + UserPropertiesLength(d.UserProperties);
        int remaining = properties != 0 ? 1 + PropertySectionLength(properties) : d.ReasonCode != ReasonCode.NormalDisconnection ? 1 : 0;
        int size = MqttEncoding.PacketSize(remaining);
        var w = new SpanWriter(output.GetSpan(size));
        w.WriteByte(0xE0);
        w.WriteVariableByteInteger((uint)remaining);
        if (remaining > 0)
        {
            w.WriteByte((byte)d.ReasonCode);
            if (properties != 0)
            {
                w.WriteVariableByteInteger((uint)properties);
                if (d.SessionExpiryInterval is { } sessionExpiry) WriteUInt32Property(ref w, PropertyId.SessionExpiryInterval, sessionExpiry);
                if (d.ReasonString is { } reasonString) WriteStringProperty(ref w, PropertyId.ReasonString, reasonString);
                if (d.ServerReference is { } serverReference) WriteStringProperty(ref w, PropertyId.ServerReference, serverReference);
                WriteUserProperties(ref w, d.UserProperties);
            }
        }

        output.Advance(size);
        return size;
    }

    private static int WriteAuth(IBufferWriter<byte> output, MqttProtocolVersion version, AuthPacket a)
    {
        if (version == MqttProtocolVersion.V311)
        {
            throw new NotSupportedException("AUTH does not exist in MQTT 3.1.1.");
        }

        int properties = StringPropertyLength(a.AuthenticationMethod) + BinaryPropertyLength(a.AuthenticationData)
            + StringPropertyLength(a.ReasonString) + UserPropertiesLength(a.UserProperties);
        int remaining = properties != 0 ? 1 + PropertySectionLength(properties) : a.ReasonCode != ReasonCode.Success ? 1 : 0;
        int size = MqttEncoding.PacketSize(remaining);
        var w = new SpanWriter(output.GetSpan(size));
        w.WriteByte(0xF0);
        w.WriteVariableByteInteger((uint)remaining);
        if (remaining > 0)
        {
            w.WriteByte((byte)a.ReasonCode);
            if (properties != 0)
            {
                w.WriteVariableByteInteger((uint)properties);
                if (a.AuthenticationMethod is { } method) WriteStringProperty(ref w, PropertyId.AuthenticationMethod, method);
                if (a.AuthenticationData is { } data) WriteBinaryProperty(ref w, PropertyId.AuthenticationData, data.Span);
                if (a.ReasonString is { } reasonString) WriteStringProperty(ref w, PropertyId.ReasonString, reasonString);
                WriteUserProperties(ref w, a.UserProperties);
            }
        }

        output.Advance(size);
        return size;
    }
}
