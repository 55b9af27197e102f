using Palisade.Mqtt.Packets;

namespace Palisade.Mqtt.Codec;

/// <summary>
/// Every MQTT 5.0 property a packet may carry, filled by <see cref="PropertyBag.TryRead"/>. One reader for all
/// packets keeps the rules (which ids a packet allows, at most once, value ranges) in one place.
/// </summary>
internal struct PropertyBag
{
    public byte? PayloadFormatIndicator;
    public uint? MessageExpiryInterval;
    public string? ContentType;
    public string? ResponseTopic;
    public ReadOnlyMemory<byte>? CorrelationData;
    public List<uint>? SubscriptionIdentifiers;
    public uint? SessionExpiryInterval;
    public string? AssignedClientIdentifier;
    public ushort? ServerKeepAlive;
    public string? AuthenticationMethod;
    public ReadOnlyMemory<byte>? AuthenticationData;
    public bool? RequestProblemInformation;
    public uint? WillDelayInterval;
    public bool? RequestResponseInformation;
    public string? ResponseInformation;
    public string? ServerReference;
    public string? ReasonString;
    public ushort? ReceiveMaximum;
    public ushort? TopicAliasMaximum;
    public ushort? TopicAlias;
    public byte? MaximumQoS;
    public bool? RetainAvailable;
    public List<UserProperty>? UserProperties;
    public uint? MaximumPacketSize;
    public bool? WildcardSubscriptionAvailable;
    public bool? SubscriptionIdentifierAvailable;
    public bool? SharedSubscriptionAvailable;

    private static ulong Bit(PropertyId id) => 1UL << (int)id;

    // Which properties each packet may carry (MQTT 5.0 section 2.2.2.2, table of identifiers).
    public static readonly ulong ConnectAllowed = Bit(PropertyId.SessionExpiryInterval) | Bit(PropertyId.AuthenticationMethod)
        | Bit(PropertyId.AuthenticationData) | Bit(PropertyId.RequestProblemInformation) | Bit(PropertyId.RequestResponseInformation)
        | Bit(PropertyId.ReceiveMaximum) | Bit(PropertyId.TopicAliasMaximum) | Bit(PropertyId.UserProperty) | Bit(PropertyId.MaximumPacketSize);

    public static readonly ulong WillAllowed = Bit(PropertyId.PayloadFormatIndicator) | Bit(PropertyId.MessageExpiryInterval)
        | Bit(PropertyId.ContentType) | Bit(PropertyId.ResponseTopic) | Bit(PropertyId.CorrelationData) | Bit(PropertyId.WillDelayInterval)
        | Bit(PropertyId.UserProperty);

    public static readonly ulong ConnAckAllowed = Bit(PropertyId.SessionExpiryInterval) | Bit(PropertyId.AssignedClientIdentifier)
        | Bit(PropertyId.ServerKeepAlive) | Bit(PropertyId.AuthenticationMethod) | Bit(PropertyId.AuthenticationData)
        | Bit(PropertyId.ResponseInformation) | Bit(PropertyId.ServerReference) | Bit(PropertyId.ReasonString) | Bit(PropertyId.ReceiveMaximum)
        | Bit(PropertyId.TopicAliasMaximum) | Bit(PropertyId.MaximumQoS) | Bit(PropertyId.RetainAvailable) | Bit(PropertyId.UserProperty)
        | Bit(PropertyId.MaximumPacketSize) | Bit(PropertyId.WildcardSubscriptionAvailable)
        | Bit(PropertyId.SubscriptionIdentifierAvailable) | Bit(PropertyId.SharedSubscriptionAvailable);

    public static readonly ulong PublishAllowed = Bit(PropertyId.PayloadFormatIndicator) | Bit(PropertyId.MessageExpiryInterval)
        | Bit(PropertyId.ContentType) | Bit(PropertyId.ResponseTopic) | Bit(PropertyId.CorrelationData) | Bit(PropertyId.SubscriptionIdentifier)
        | Bit(PropertyId.TopicAlias) | Bit(PropertyId.UserProperty);

    public static readonly ulong AckAllowed = Bit(PropertyId.ReasonString) | Bit(PropertyId.UserProperty);

    public static readonly ulong SubscribeAllowed = Bit(PropertyId.SubscriptionIdentifier) | Bit(PropertyId.UserProperty);

    public static readonly ulong UnsubscribeAllowed = Bit(PropertyId.UserProperty);

    public static readonly ulong DisconnectAllowed = Bit(PropertyId.SessionExpiryInterval) | Bit(PropertyId.ServerReference)
        | Bit(PropertyId.ReasonString) | Bit(PropertyId.UserProperty);

    public static readonly ulong AuthAllowed = Bit(PropertyId.AuthenticationMethod) | Bit(PropertyId.AuthenticationData)
        | Bit(PropertyId.ReasonString) | Bit(PropertyId.UserProperty);

    public readonly IReadOnlyList<UserProperty> UserPropertyList => UserProperties is null ? [] : UserProperties;

    /// <summary>
    /// Reads a Property Length and the properties after it. An identifier the packet does not allow (or an unknown
    /// one) is a Malformed Packet; a repeated single-valued property or a value out of its range is a Protocol Error
    /// (MQTT 5.0 sections 2.2.2.2 and 3.x.2.x). The collections grow only with properties actually present, so their
    /// size is bounded by the packet's bytes.
    /// </summary>
    public static DecodeResult TryRead(ref SpanReader reader, ulong allowed, ref PropertyBag bag)
    {
        if (!reader.TryReadVariableByteInteger(out uint length) || length > (uint)reader.Remaining)
        {
            return Malformed("property length");
        }

        if (length == 0)
        {
            return DecodeResult.Ok;
        }

        reader.TryReadBytes((int)length, out ReadOnlySpan<byte> bytes);
        var r = new SpanReader(bytes);
        ulong seen = 0;
        while (!r.End)
        {
            // Identifiers are Variable Byte Integers, but every defined one is below 0x80: a longer one is unknown.
            r.TryReadByte(out byte idByte);
            if (idByte >= 64 || (allowed & (1UL << idByte)) == 0)
            {
                return Malformed("property not allowed in this packet");
            }

            var id = (PropertyId)idByte;
            ulong bit = 1UL << idByte;
            // User Property may repeat anywhere; Subscription Identifier only in PUBLISH (one per matching subscription).
            if ((seen & bit) != 0 && id != PropertyId.UserProperty
                && !(id == PropertyId.SubscriptionIdentifier && allowed == PublishAllowed))
            {
                return ProtocolError("property repeated");
            }

            seen |= bit;
            DecodeResult result = ReadValue(ref r, id, ref bag);
            if (result.Status != DecodeStatus.Packet)
            {
                return result;
            }
        }

        return DecodeResult.Ok;
    }

    private static DecodeResult ReadValue(ref SpanReader r, PropertyId id, ref PropertyBag bag)
    {
        switch (id)
        {
            case PropertyId.PayloadFormatIndicator:
                if (!r.TryReadByte(out byte pfi)) return Malformed("payload format indicator");
                if (pfi > 1) return ProtocolError("payload format indicator not 0 or 1");
                bag.PayloadFormatIndicator = pfi;
                return DecodeResult.Ok;
            case PropertyId.MessageExpiryInterval:
                if (!r.TryReadUInt32(out uint expiry)) return Malformed("message expiry interval");
                bag.MessageExpiryInterval = expiry;
                return DecodeResult.Ok;
            case PropertyId.ContentType:
                if (!r.TryReadString(out string contentType)) return Malformed("content type");
                bag.ContentType = contentType;
                return DecodeResult.Ok;
            case PropertyId.ResponseTopic:
                if (!r.TryReadString(out string responseTopic)) return Malformed("response topic");
                if (responseTopic.Length == 0 || responseTopic.AsSpan().IndexOfAny('+', '#') >= 0)
                {
                    return ProtocolError("response topic is not a valid topic name");
                }

                bag.ResponseTopic = responseTopic;
                return DecodeResult.Ok;
            case PropertyId.CorrelationData:
                if (!r.TryReadBinary(out ReadOnlySpan<byte> correlation)) return Malformed("correlation data");
                bag.CorrelationData = correlation.ToArray();
                return DecodeResult.Ok;
            case PropertyId.SubscriptionIdentifier:
                if (!r.TryReadVariableByteInteger(out uint subscriptionId)) return Malformed("subscription identifier");
                if (subscriptionId == 0) return ProtocolError("subscription identifier 0");
                (bag.SubscriptionIdentifiers ??= new List<uint>(1)).Add(subscriptionId);
                return DecodeResult.Ok;
            case PropertyId.SessionExpiryInterval:
                if (!r.TryReadUInt32(out uint sessionExpiry)) return Malformed("session expiry interval");
                bag.SessionExpiryInterval = sessionExpiry;
                return DecodeResult.Ok;
            case PropertyId.AssignedClientIdentifier:
                if (!r.TryReadString(out string assigned)) return Malformed("assigned client identifier");
                bag.AssignedClientIdentifier = assigned;
                return DecodeResult.Ok;
            case PropertyId.ServerKeepAlive:
                if (!r.TryReadUInt16(out ushort serverKeepAlive)) return Malformed("server keep alive");
                bag.ServerKeepAlive = serverKeepAlive;
                return DecodeResult.Ok;
            case PropertyId.AuthenticationMethod:
                if (!r.TryReadString(out string method)) return Malformed("authentication method");
                bag.AuthenticationMethod = method;
                return DecodeResult.Ok;
            case PropertyId.AuthenticationData:
                if (!r.TryReadBinary(out ReadOnlySpan<byte> authData)) return Malformed("authentication data");
                bag.AuthenticationData = authData.ToArray();
                return DecodeResult.Ok;
            case PropertyId.RequestProblemInformation:
                if (!r.TryReadByte(out byte rpi)) return Malformed("request problem information");
                if (rpi > 1) return ProtocolError("request problem information not 0 or 1");
                bag.RequestProblemInformation = rpi == 1;
                return DecodeResult.Ok;
            case PropertyId.WillDelayInterval:
                if (!r.TryReadUInt32(out uint willDelay)) return Malformed("will delay interval");
                bag.WillDelayInterval = willDelay;
                return DecodeResult.Ok;
            case PropertyId.RequestResponseInformation:
                if (!r.TryReadByte(out byte rri)) return Malformed("request response information");
                if (rri > 1) return ProtocolError("request response information not 0 or 1");
                bag.RequestResponseInformation = rri == 1;
                return DecodeResult.Ok;
            case PropertyId.ResponseInformation:
                if (!r.TryReadString(out string responseInformation)) return Malformed("response information");
                bag.ResponseInformation = responseInformation;
                return DecodeResult.Ok;
            case PropertyId.ServerReference:
                if (!r.TryReadString(out string serverReference)) return Malformed("server reference");
                bag.ServerReference = serverReference;
                return DecodeResult.Ok;
            case PropertyId.ReasonString:
                if (!r.TryReadString(out string reasonString)) return Malformed("reason string");
                bag.ReasonString = reasonString;
                return DecodeResult.Ok;
            case PropertyId.ReceiveMaximum:
                if (!r.TryReadUInt16(out ushort receiveMaximum)) return Malformed("receive maximum");
                if (receiveMaximum == 0) return ProtocolError("receive maximum 0");
                bag.ReceiveMaximum = receiveMaximum;
                return DecodeResult.Ok;
            case PropertyId.TopicAliasMaximum:
                if (!r.TryReadUInt16(out ushort topicAliasMaximum)) return Malformed("topic alias maximum");
                bag.TopicAliasMaximum = topicAliasMaximum;
                return DecodeResult.Ok;
            case PropertyId.TopicAlias:
                if (!r.TryReadUInt16(out ushort topicAlias)) return Malformed("topic alias");
                if (topicAlias == 0) return new DecodeResult(DecodeStatus.Invalid, ReasonCode.TopicAliasInvalid, "topic alias 0");
                bag.TopicAlias = topicAlias;
                return DecodeResult.Ok;
            case PropertyId.MaximumQoS:
                if (!r.TryReadByte(out byte maximumQoS)) return Malformed("maximum qos");
                if (maximumQoS > 1) return ProtocolError("maximum qos not 0 or 1");
                bag.MaximumQoS = maximumQoS;
                return DecodeResult.Ok;
            case PropertyId.RetainAvailable:
                return ReadFlag(ref r, out bag.RetainAvailable, "retain available");
            case PropertyId.UserProperty:
                if (!r.TryReadString(out string name) || !r.TryReadString(out string value)) return Malformed("user property");
                (bag.UserProperties ??= new List<UserProperty>(2)).Add(new UserProperty(name, value));
                return DecodeResult.Ok;
            case PropertyId.MaximumPacketSize:
                if (!r.TryReadUInt32(out uint maximumPacketSize)) return Malformed("maximum packet size");
                if (maximumPacketSize == 0) return ProtocolError("maximum packet size 0");
                bag.MaximumPacketSize = maximumPacketSize;
                return DecodeResult.Ok;
            case PropertyId.WildcardSubscriptionAvailable:
                return ReadFlag(ref r, out bag.WildcardSubscriptionAvailable, "wildcard subscription available");
            case PropertyId.SubscriptionIdentifierAvailable:
                return ReadFlag(ref r, out bag.SubscriptionIdentifierAvailable, "subscription identifier available");
            case PropertyId.SharedSubscriptionAvailable:
                return ReadFlag(ref r, out bag.SharedSubscriptionAvailable, "shared subscription available");
            default:
                return Malformed("unknown property");
        }
    }

    private static DecodeResult ReadFlag(ref SpanReader r, out bool? value, string name)
    {
        value = null;
        if (!r.TryReadByte(out byte b))
        {
            return Malformed(name);
        }

        if (b > 1)
        {
            return ProtocolError(name + " not 0 or 1");
        }

        value = b == 1;
        return DecodeResult.Ok;
    }

    private static DecodeResult Malformed(string detail) => DecodeResult.Invalid(ReasonCode.MalformedPacket, detail);

    private static DecodeResult ProtocolError(string detail) => DecodeResult.Invalid(ReasonCode.ProtocolError, detail);
}
