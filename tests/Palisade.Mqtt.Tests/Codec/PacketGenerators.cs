using FsCheck;
using FsCheck.Fluent;
using Palisade.Mqtt.Packets;

namespace Palisade.Mqtt.Tests.Codec;

/// <summary>A generated packet with the version it is encoded in; ToString helps FsCheck report failures.</summary>
public sealed record GeneratedPacket(MqttPacket Packet, MqttProtocolVersion Version)
{
    public override string ToString() => $"{Version} {CodecTestHelpers.Describe(Packet)}";
}

/// <summary>FsCheck generators of valid packets: every field of every type, both versions, within the spec's ranges.</summary>
public static class PacketGenerators
{
    // Multi-byte characters (two-, three- and four-byte UTF-8, a surrogate pair in .NET) next to ASCII.
    private static readonly string[] Fragments = ["a", "Z", "0", "/", " ", "-", "é", "✓", "𝄞", "$"];

    private static readonly ReasonCode[] ConnAckV311Codes =
    [
        ReasonCode.Success, ReasonCode.UnsupportedProtocolVersion, ReasonCode.ClientIdentifierNotValid,
        ReasonCode.ServerUnavailable, ReasonCode.BadUserNameOrPassword, ReasonCode.NotAuthorized,
    ];

    public static Arbitrary<GeneratedPacket> GeneratedPacket() => Arb.From(Packet);

    public static Gen<GeneratedPacket> Packet =>
        from version in Gen.Elements(MqttProtocolVersion.V311, MqttProtocolVersion.V500)
        from packet in PacketFor(version)
        select new GeneratedPacket(packet, version);

    public static Gen<MqttPacket> PacketFor(MqttProtocolVersion version)
    {
        bool v5 = version == MqttProtocolVersion.V500;
        var all = new List<Gen<MqttPacket>>
        {
            Connect(version).Select(p => (MqttPacket)p),
            ConnAck(v5).Select(p => (MqttPacket)p),
            Publish(v5).Select(p => (MqttPacket)p),
            Ack(v5).Select(p => (MqttPacket)p),
            Subscribe(v5).Select(p => (MqttPacket)p),
            SubAck(v5).Select(p => (MqttPacket)p),
            Unsubscribe(v5).Select(p => (MqttPacket)p),
            UnsubAck(v5).Select(p => (MqttPacket)p),
            Gen.Elements<MqttPacket>(PingReqPacket.Instance, PingRespPacket.Instance),
            Disconnect(v5).Select(p => (MqttPacket)p),
        };
        if (v5)
        {
            all.Add(Auth().Select(p => (MqttPacket)p));
        }

        return Gen.OneOf(all);
    }

    private static Gen<bool> Bool => Gen.Elements(true, false);

    private static Gen<string> Text => Gen.ArrayOf(Gen.Elements(Fragments)).Select(string.Concat);

    private static Gen<string> TopicName => Text.Select(s => "t" + s);

    private static Gen<string> TopicFilter => Gen.OneOf(TopicName, Gen.Elements("#", "+", "a/+/b", "a/#", "$share/g/t/#", "+/+"));

    private static Gen<byte[]> Bytes => Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i));

    private static Gen<ushort> UShort(int min) => Gen.Choose(min, ushort.MaxValue).Select(i => (ushort)i);

    private static Gen<uint> UInt => Gen.OneOf(Gen.Choose(0, int.MaxValue).Select(i => (uint)i), Gen.Elements(0u, 1u, uint.MaxValue, 0x8000_0000u));

    private static Gen<uint> SubscriptionId => Gen.OneOf(Gen.Choose(1, 268_435_455).Select(i => (uint)i), Gen.Elements(1u, 127u, 128u, 16_384u, 268_435_455u));

    private static Gen<string?> OptText(bool present) => present ? Gen.OneOf(Gen.Constant<string?>(null), Text.Select(s => (string?)s)) : Gen.Constant<string?>(null);

    private static Gen<string?> OptTopic(bool present) => present ? Gen.OneOf(Gen.Constant<string?>(null), TopicName.Select(s => (string?)s)) : Gen.Constant<string?>(null);

    private static Gen<ReadOnlyMemory<byte>?> OptBytes(bool present) => present
        ? Gen.OneOf(Gen.Constant<ReadOnlyMemory<byte>?>(null), Bytes.Select(b => (ReadOnlyMemory<byte>?)new ReadOnlyMemory<byte>(b)))
        : Gen.Constant<ReadOnlyMemory<byte>?>(null);

    private static Gen<T?> Opt<T>(bool present, Gen<T> gen)
        where T : struct => present ? Gen.OneOf(Gen.Constant<T?>(null), gen.Select(v => (T?)v)) : Gen.Constant<T?>(null);

    private static Gen<IReadOnlyList<UserProperty>> Props(bool present) => present
        ? Gen.ArrayOf(from n in Text from v in Text select new UserProperty(n, v)).Resize(6).Select(a => (IReadOnlyList<UserProperty>)a)
        : Gen.Constant<IReadOnlyList<UserProperty>>([]);

    private static Gen<T> Either<T>(bool v5, Gen<T> ifV5, T otherwise) => v5 ? ifV5 : Gen.Constant(otherwise);

    private static Gen<WillMessage?> Will(bool v5) =>
        Gen.OneOf(
            Gen.Constant<WillMessage?>(null),
            from topic in TopicName
            from payload in Bytes
            from qos in Gen.Choose(0, 2)
            from retain in Bool
            from delay in Either(v5, UInt, 0u)
            from pfi in Opt(v5, Gen.Elements((byte)0, (byte)1))
            from expiry in Opt(v5, UInt)
            from contentType in OptText(v5)
            from responseTopic in OptTopic(v5)
            from correlation in OptBytes(v5)
            from props in Props(v5)
            select (WillMessage?)new WillMessage
            {
                Topic = topic,
                Payload = payload,
                QoS = (QualityOfService)qos,
                Retain = retain,
                WillDelayInterval = delay,
                PayloadFormatIndicator = pfi,
                MessageExpiryInterval = expiry,
                ContentType = contentType,
                ResponseTopic = responseTopic,
                CorrelationData = correlation,
                UserProperties = props,
            });

    private static Gen<ConnectPacket> Connect(MqttProtocolVersion version)
    {
        bool v5 = version == MqttProtocolVersion.V500;
        return from clientId in Text
               from clean in Bool
               from keepAlive in UShort(0)
               from user in OptText(true)
               from password in OptBytes(v5 || user is not null) // 3.1.1 forbids a password without a user name
               from will in Will(v5)
               from sessionExpiry in Either(v5, UInt, 0u)
               from receiveMaximum in Either(v5, UShort(1), ushort.MaxValue)
               from maximumPacketSize in Opt(v5, UInt.Where(u => u != 0))
               from topicAliasMaximum in Either(v5, UShort(0), (ushort)0)
               from requestResponse in Either(v5, Bool, false)
               from requestProblem in Either(v5, Bool, true)
               from method in OptText(v5)
               from data in OptBytes(method is not null)
               from props in Props(v5)
               select new ConnectPacket
               {
                   ProtocolVersion = version,
                   ClientId = clientId,
                   CleanStart = clean,
                   KeepAliveSeconds = keepAlive,
                   UserName = user,
                   Password = password,
                   Will = will,
                   SessionExpiryInterval = sessionExpiry,
                   ReceiveMaximum = receiveMaximum,
                   MaximumPacketSize = maximumPacketSize,
                   TopicAliasMaximum = topicAliasMaximum,
                   RequestResponseInformation = requestResponse,
                   RequestProblemInformation = requestProblem,
                   AuthenticationMethod = method,
                   AuthenticationData = data,
                   UserProperties = props,
               };
    }

    private static Gen<ConnAckPacket> ConnAck(bool v5) =>
        from code in v5 ? Gen.Elements(ValidCodes(MqttPacketType.ConnAck)) : Gen.Elements(ConnAckV311Codes)
        from sessionPresent in code == ReasonCode.Success ? Bool : Gen.Constant(false)
        from sessionExpiry in Opt(v5, UInt)
        from receiveMaximum in Opt(v5, UShort(1))
        from maximumQoS in Opt(v5, Gen.Elements(QualityOfService.AtMostOnce, QualityOfService.AtLeastOnce))
        from retainAvailable in Opt(v5, Bool)
        from maximumPacketSize in Opt(v5, UInt.Where(u => u != 0))
        from assigned in OptText(v5)
        from topicAliasMaximum in Opt(v5, UShort(0))
        from reasonString in OptText(v5)
        from wildcard in Opt(v5, Bool)
        from subscriptionIds in Opt(v5, Bool)
        from shared in Opt(v5, Bool)
        from keepAlive in Opt(v5, UShort(0))
        from responseInformation in OptText(v5)
        from serverReference in OptText(v5)
        from method in OptText(v5)
        from data in OptBytes(v5)
        from props in Props(v5)
        select new ConnAckPacket
        {
            SessionPresent = sessionPresent,
            ReasonCode = code,
            SessionExpiryInterval = sessionExpiry,
            ReceiveMaximum = receiveMaximum,
            MaximumQoS = maximumQoS,
            RetainAvailable = retainAvailable,
            MaximumPacketSize = maximumPacketSize,
            AssignedClientIdentifier = assigned,
            TopicAliasMaximum = topicAliasMaximum,
            ReasonString = reasonString,
            WildcardSubscriptionAvailable = wildcard,
            SubscriptionIdentifiersAvailable = subscriptionIds,
            SharedSubscriptionAvailable = shared,
            ServerKeepAlive = keepAlive,
            ResponseInformation = responseInformation,
            ServerReference = serverReference,
            AuthenticationMethod = method,
            AuthenticationData = data,
            UserProperties = props,
        };

    private static Gen<PublishPacket> Publish(bool v5) =>
        from topic in v5 ? Gen.Frequency((4, TopicName), (1, Gen.Constant(""))) : TopicName
        from alias in topic.Length == 0 ? UShort(1).Select(a => (ushort?)a) : Opt(v5, UShort(1))
        from qos in Gen.Choose(0, 2).Select(q => (QualityOfService)q)
        from packetId in qos == QualityOfService.AtMostOnce ? Gen.Constant((ushort)0) : UShort(1)
        from dup in qos == QualityOfService.AtMostOnce ? Gen.Constant(false) : Bool
        from retain in Bool
        from payload in Bytes
        from pfi in Opt(v5, Gen.Elements((byte)0, (byte)1))
        from expiry in Opt(v5, UInt)
        from responseTopic in OptTopic(v5)
        from correlation in OptBytes(v5)
        from props in Props(v5)
        from subscriptionIds in v5 ? Gen.ArrayOf(SubscriptionId).Resize(3) : Gen.Constant(Array.Empty<uint>())
        from contentType in OptText(v5)
        select new PublishPacket
        {
            Topic = topic,
            TopicAlias = alias,
            QoS = qos,
            PacketId = packetId,
            Dup = dup,
            Retain = retain,
            Payload = payload,
            PayloadFormatIndicator = pfi,
            MessageExpiryInterval = expiry,
            ResponseTopic = responseTopic,
            CorrelationData = correlation,
            UserProperties = props,
            SubscriptionIdentifiers = subscriptionIds,
            ContentType = contentType,
        };

    private static Gen<PubAckPacket> Ack(bool v5) =>
        from type in Gen.Elements(MqttPacketType.PubAck, MqttPacketType.PubRec, MqttPacketType.PubRel, MqttPacketType.PubComp)
        from id in UShort(1)
        from code in Either(v5, Gen.Elements(ValidCodes(type)), ReasonCode.Success)
        from reasonString in OptText(v5)
        from props in Props(v5)
        select new PubAckPacket(type, id, code) { ReasonString = reasonString, UserProperties = props };

    private static Gen<SubscribePacket> Subscribe(bool v5) =>
        from id in UShort(1)
        from subscriptions in Gen.NonEmptyListOf(
            from filter in TopicFilter
            from qos in Gen.Choose(0, 2)
            from noLocal in Either(v5, Bool, false)
            from retainAsPublished in Either(v5, Bool, false)
            from retainHandling in Either(v5, Gen.Choose(0, 2), 0)
            select new Subscription(filter, (QualityOfService)qos, noLocal, retainAsPublished, (RetainHandling)retainHandling)).Resize(5)
        from subscriptionId in Opt(v5, SubscriptionId)
        from props in Props(v5)
        select new SubscribePacket { PacketId = id, Subscriptions = subscriptions.ToArray(), SubscriptionIdentifier = subscriptionId, UserProperties = props };

    private static Gen<SubAckPacket> SubAck(bool v5) =>
        from id in UShort(1)
        from codes in Gen.NonEmptyListOf(v5
            ? Gen.Elements(ValidCodes(MqttPacketType.SubAck))
            : Gen.Elements(ReasonCode.GrantedQoS0, ReasonCode.GrantedQoS1, ReasonCode.GrantedQoS2, ReasonCode.UnspecifiedError)).Resize(5)
        from reasonString in OptText(v5)
        from props in Props(v5)
        select new SubAckPacket { PacketId = id, ReasonCodes = codes.ToArray(), ReasonString = reasonString, UserProperties = props };

    private static Gen<UnsubscribePacket> Unsubscribe(bool v5) =>
        from id in UShort(1)
        from filters in Gen.NonEmptyListOf(TopicFilter).Resize(5)
        from props in Props(v5)
        select new UnsubscribePacket { PacketId = id, TopicFilters = filters.ToArray(), UserProperties = props };

    private static Gen<UnsubAckPacket> UnsubAck(bool v5) =>
        from id in UShort(1)
        from codes in v5 ? Gen.NonEmptyListOf(Gen.Elements(ValidCodes(MqttPacketType.UnsubAck))).Resize(5).Select(c => c.ToArray()) : Gen.Constant(Array.Empty<ReasonCode>())
        from reasonString in OptText(v5)
        from props in Props(v5)
        select new UnsubAckPacket { PacketId = id, ReasonCodes = codes, ReasonString = reasonString, UserProperties = props };

    private static Gen<DisconnectPacket> Disconnect(bool v5) =>
        v5
            ? from code in Gen.Elements(ValidCodes(MqttPacketType.Disconnect))
              from sessionExpiry in Opt(true, UInt)
              from reasonString in OptText(true)
              from serverReference in OptText(true)
              from props in Props(true)
              select new DisconnectPacket
              {
                  ReasonCode = code, SessionExpiryInterval = sessionExpiry, ReasonString = reasonString, ServerReference = serverReference, UserProperties = props,
              }
            : Gen.Constant(new DisconnectPacket());

    private static Gen<AuthPacket> Auth() =>
        from method in OptText(true)
        from code in method is null ? Gen.Constant(ReasonCode.Success) : Gen.Elements(ValidCodes(MqttPacketType.Auth))
        from data in OptBytes(method is not null)
        from reasonString in OptText(true)
        from props in Props(true)
        select new AuthPacket { ReasonCode = code, AuthenticationMethod = method, AuthenticationData = data, ReasonString = reasonString, UserProperties = props };

    /// <summary>The reason codes the decoder accepts in <paramref name="type"/> (read back from the codec's own table
    /// through its internal API, so the generator and the decoder cannot silently disagree on the list).</summary>
    public static ReasonCode[] ValidCodes(MqttPacketType type) =>
        Enumerable.Range(0, 256).Where(c => Palisade.Mqtt.Codec.ReasonCodeRules.IsValid(type, (byte)c)).Select(c => (ReasonCode)c).ToArray();
}
