using Palisade.Mqtt.Packets;

namespace Palisade.Mqtt.Tests.Codec;

/// <summary>One packet of every type with every field that <paramref name="version"/> can carry set to a non-default value.</summary>
internal static class SamplePackets
{
    private static readonly UserProperty[] Props = [new("region", "eu-west"), new("ünïcode", "värde ✓"), new("region", "dup-allowed")];

    // A null byte[] converts to a non-null empty ReadOnlyMemory<byte>?, so absent binary fields must be typed as such.
    private static ReadOnlyMemory<byte>? Bytes(bool present, params byte[] bytes) => present ? new ReadOnlyMemory<byte>(bytes) : (ReadOnlyMemory<byte>?)null;

    public static IEnumerable<MqttPacket> All(MqttProtocolVersion version)
    {
        bool v5 = version == MqttProtocolVersion.V500;
        yield return new ConnectPacket
        {
            ProtocolVersion = version,
            ClientId = "plant-7/line-2",
            CleanStart = false,
            KeepAliveSeconds = 45,
            UserName = "operator",
            Password = new byte[] { 1, 2, 3, 0, 255 },
            Will = new WillMessage
            {
                Topic = "plant/7/status",
                Payload = "offline"u8.ToArray(),
                QoS = QualityOfService.ExactlyOnce,
                Retain = true,
                WillDelayInterval = v5 ? 30u : 0,
                PayloadFormatIndicator = v5 ? (byte)1 : null,
                MessageExpiryInterval = v5 ? 3600u : null,
                ContentType = v5 ? "text/plain" : null,
                ResponseTopic = v5 ? "plant/7/reply" : null,
                CorrelationData = Bytes(v5, 9, 8, 7),
                UserProperties = v5 ? Props : [],
            },
            SessionExpiryInterval = v5 ? 86_400u : 0,
            ReceiveMaximum = v5 ? (ushort)100 : ushort.MaxValue,
            MaximumPacketSize = v5 ? 1_048_576u : null,
            TopicAliasMaximum = v5 ? (ushort)10 : (ushort)0,
            RequestResponseInformation = v5,
            RequestProblemInformation = !v5,
            AuthenticationMethod = v5 ? "SCRAM-SHA-256" : null,
            AuthenticationData = Bytes(v5, 0xAA, 0xBB),
            UserProperties = v5 ? Props : [],
        };
        yield return new ConnAckPacket
        {
            SessionPresent = true,
            ReasonCode = ReasonCode.Success,
            SessionExpiryInterval = v5 ? 600u : null,
            ReceiveMaximum = v5 ? (ushort)20 : null,
            MaximumQoS = v5 ? QualityOfService.AtLeastOnce : null,
            RetainAvailable = v5 ? false : null,
            MaximumPacketSize = v5 ? 65_536u : null,
            AssignedClientIdentifier = v5 ? "auto-1234" : null,
            TopicAliasMaximum = v5 ? (ushort)5 : null,
            ReasonString = v5 ? "welcome" : null,
            WildcardSubscriptionAvailable = v5 ? true : null,
            SubscriptionIdentifiersAvailable = v5 ? false : null,
            SharedSubscriptionAvailable = v5 ? true : null,
            ServerKeepAlive = v5 ? (ushort)30 : null,
            ResponseInformation = v5 ? "resp/" : null,
            ServerReference = v5 ? "other.example:1883" : null,
            AuthenticationMethod = v5 ? "SCRAM-SHA-256" : null,
            AuthenticationData = Bytes(v5, 1),
            UserProperties = v5 ? Props : [],
        };
        yield return new ConnAckPacket { ReasonCode = ReasonCode.NotAuthorized };
        yield return new PublishPacket
        {
            Topic = "plant/7/line/2/temperature",
            Payload = "{\"t\":21.5}"u8.ToArray(),
            QoS = QualityOfService.AtLeastOnce,
            Retain = true,
            Dup = true,
            PacketId = 4242,
            PayloadFormatIndicator = v5 ? (byte)1 : null,
            MessageExpiryInterval = v5 ? 120u : null,
            TopicAlias = v5 ? (ushort)3 : null,
            ResponseTopic = v5 ? "plant/7/reply" : null,
            CorrelationData = Bytes(v5, 5, 6),
            UserProperties = v5 ? Props : [],
            ContentType = v5 ? "application/json" : null,
        };
        yield return new PublishPacket { Topic = "a", Payload = ReadOnlyMemory<byte>.Empty };
        yield return new PublishPacket { Topic = "big", Payload = new byte[70_000], QoS = QualityOfService.ExactlyOnce, PacketId = 1 };
        if (v5)
        {
            // Server to client, with subscription identifiers and an alias-only topic.
            yield return new PublishPacket { Topic = "", TopicAlias = 7, Payload = new byte[] { 1 }, SubscriptionIdentifiers = [1, 268_435_455, 300] };
        }

        foreach (MqttPacketType type in new[] { MqttPacketType.PubAck, MqttPacketType.PubRec, MqttPacketType.PubRel, MqttPacketType.PubComp })
        {
            yield return new PubAckPacket(type, 65_535);
            if (v5)
            {
                ReasonCode code = type is MqttPacketType.PubRel or MqttPacketType.PubComp ? ReasonCode.PacketIdentifierNotFound : ReasonCode.NoMatchingSubscribers;
                yield return new PubAckPacket(type, 7, code);
                yield return new PubAckPacket(type, 8, code) { ReasonString = "why", UserProperties = Props };
                yield return new PubAckPacket(type, 9) { UserProperties = Props };
            }
        }

        yield return new SubscribePacket
        {
            PacketId = 10,
            Subscriptions =
            [
                new Subscription("plant/+/status", QualityOfService.AtLeastOnce, NoLocal: v5, RetainAsPublished: v5, v5 ? RetainHandling.DoNotSend : RetainHandling.SendAtSubscribe),
                new Subscription("#", QualityOfService.ExactlyOnce, false, false, v5 ? RetainHandling.SendAtSubscribeIfNew : RetainHandling.SendAtSubscribe),
                new Subscription("$share/g/x", QualityOfService.AtMostOnce),
            ],
            SubscriptionIdentifier = v5 ? 268_435_455u : null,
            UserProperties = v5 ? Props : [],
        };
        yield return new SubAckPacket
        {
            PacketId = 10,
            ReasonCodes = v5
                ? [ReasonCode.GrantedQoS1, ReasonCode.GrantedQoS2, ReasonCode.NotAuthorized, ReasonCode.SharedSubscriptionsNotSupported]
                : [ReasonCode.GrantedQoS1, ReasonCode.GrantedQoS2, ReasonCode.GrantedQoS0, ReasonCode.UnspecifiedError],
            ReasonString = v5 ? "partly" : null,
            UserProperties = v5 ? Props : [],
        };
        yield return new UnsubscribePacket { PacketId = 11, TopicFilters = ["plant/+/status", "#"], UserProperties = v5 ? Props : [] };
        yield return new UnsubAckPacket
        {
            PacketId = 11,
            ReasonCodes = v5 ? [ReasonCode.Success, ReasonCode.NoSubscriptionExisted] : [],
            ReasonString = v5 ? "done" : null,
            UserProperties = v5 ? Props : [],
        };
        yield return PingReqPacket.Instance;
        yield return PingRespPacket.Instance;
        yield return new DisconnectPacket();
        if (v5)
        {
            yield return new DisconnectPacket { ReasonCode = ReasonCode.DisconnectWithWillMessage };
            yield return new DisconnectPacket { ReasonCode = ReasonCode.NormalDisconnection, SessionExpiryInterval = 0, ReasonString = "bye", UserProperties = Props };
            yield return new DisconnectPacket { ReasonCode = ReasonCode.ServerMoved, ReasonString = "moved", ServerReference = "b.example" };
            yield return new AuthPacket();
            yield return new AuthPacket
            {
                ReasonCode = ReasonCode.ContinueAuthentication,
                AuthenticationMethod = "SCRAM-SHA-256",
                AuthenticationData = new byte[] { 1, 2, 3 },
                ReasonString = "step 2",
                UserProperties = Props,
            };
        }
    }
}
