using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Palisade.Broker.Diagnostics;
using Palisade.Broker.Hooks;
using Palisade.Broker.Retained;
using Palisade.Broker.Routing;
using Palisade.Broker.Sessions;
using Palisade.Mqtt;
using Palisade.Mqtt.Codec;
using Palisade.Mqtt.Packets;

namespace Palisade.Broker.Connections;

/// <summary>Handling of each packet type the client sends, in the order received.</summary>
internal sealed partial class MqttConnection
{
    private bool IsV5 => _version == MqttProtocolVersion.V500;

    // ---------------------------------------------------------------- CONNECT

    private async ValueTask<bool> HandleConnectAsync(ConnectPacket connect, CancellationToken hostCancellation)
    {
        // Hooks awaited during CONNECT get a token that a close request (connect timeout, shutdown) also cancels,
        // so a hanging authenticator cannot keep a connection open. Allocated only for the CONNECT.
        using var connectCancellation = CancellationTokenSource.CreateLinkedTokenSource(hostCancellation);
        _connectCancellation = connectCancellation;
        try
        {
            if (Volatile.Read(ref _closeRequested) != 0)
            {
                return false;
            }

            return await HandleConnectCoreAsync(connect, connectCancellation.Token).ConfigureAwait(false);
        }
        finally
        {
            _connectCancellation = null;
        }
    }

    private async ValueTask<bool> HandleConnectCoreAsync(ConnectPacket connect, CancellationToken cancellationToken)
    {
        _state = 1;
        _version = connect.ProtocolVersion;
        // A device publishes to the same few topics again and again: its reader keeps their strings (~150 bytes per
        // connection) instead of decoding a new one per message.
        _decoderOptions = _decoderOptions with { ProtocolVersion = _version, Topics = new TopicNameCache() };
        var options = _core.Options;

        if (IsV5 && connect.AuthenticationMethod is not null)
        {
            return RefuseConnect(ReasonCode.BadAuthenticationMethod, "enhanced authentication is not supported");
        }

        string? assignedClientId = null;
        if (connect.ClientId.Length == 0)
        {
            if (!IsV5 && !connect.CleanStart)
            {
                // MQTT-3.1.3-8: a 3.1.1 client with an empty id must ask for a clean session.
                return RefuseConnect(ReasonCode.ClientIdentifierNotValid, "empty client id requires clean session");
            }

            assignedClientId = "palisade-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            connect.ClientId = assignedClientId;
        }

        AuthenticationResult authentication;
        try
        {
            authentication = await _core.Authenticator.AuthenticateAsync(_endpoint, connect, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            BrokerLog.HookFailed(_core.Logger, ex, nameof(IConnectionAuthenticator), ConnectionId);
            return RefuseConnect(ReasonCode.UnspecifiedError, "authentication failed");
        }

        if (!authentication.Succeeded)
        {
            return RefuseConnect(authentication.Reason == ReasonCode.Success ? ReasonCode.NotAuthorized : authentication.Reason, authentication.ReasonString);
        }

        var identity = authentication.Identity!;
        if (connect.Will is { } will)
        {
            if (!TopicNames.IsValidTopicName(will.Topic))
            {
                return RefuseConnect(ReasonCode.TopicNameInvalid, "invalid will topic");
            }

            // The will is published later on the client's behalf, so it passes the same admission as a PUBLISH now.
            var admission = await AdmitAsync(identity, SessionStore.ToPublish(will), cancellationToken).ConfigureAwait(false);
            if (!admission.Admitted)
            {
                return RefuseConnect((byte)admission.Reason >= 0x80 ? admission.Reason : ReasonCode.NotAuthorized, "will refused");
            }
        }

        var keepAlive = connect.KeepAliveSeconds;
        ushort? serverKeepAlive = null;
        if (IsV5 && options.ServerKeepAliveSeconds != 0 && (keepAlive == 0 || keepAlive > options.ServerKeepAliveSeconds))
        {
            keepAlive = options.ServerKeepAliveSeconds;
            serverKeepAlive = keepAlive;
        }

        _keepAliveTimeout = keepAlive * _core.Time.TimestampFrequency * 3 / 2;
        var expiry = IsV5
            ? Math.Min(connect.SessionExpiryInterval, options.MaximumSessionExpirySeconds)
            : connect.CleanStart ? 0 : options.MaximumSessionExpirySeconds;
        _clientReceiveMaximum = connect.ReceiveMaximum == 0 ? ushort.MaxValue : connect.ReceiveMaximum;
        _clientMaximumPacketSize = connect.MaximumPacketSize is { } max and > 0 ? max : ProtocolMaximumPacketSize;
        _will = connect.Will;
        _identity = identity;

        var attach = _core.Sessions.Attach(this, connect.ClientId, connect.CleanStart, expiry, identity);
        _session = attach.Session;
        if (attach.Previous is { } previous && !ReferenceEquals(previous, this))
        {
            BrokerLog.SessionTakenOver(_core.Logger, connect.ClientId, ConnectionId);
            previous.RequestClose(ReasonCode.SessionTakenOver, "session taken over");
        }

        var connAck = new ConnAckPacket { SessionPresent = attach.SessionPresent, ReasonCode = ReasonCode.Success };
        if (IsV5)
        {
            connAck.SessionExpiryInterval = expiry;
            connAck.ReceiveMaximum = options.ReceiveMaximum;
            connAck.MaximumPacketSize = options.MaximumPacketSize;
            connAck.TopicAliasMaximum = options.TopicAliasMaximum;
            connAck.RetainAvailable = true;
            connAck.WildcardSubscriptionAvailable = true;
            connAck.SubscriptionIdentifiersAvailable = true;
            connAck.SharedSubscriptionAvailable = true;
            connAck.AssignedClientIdentifier = assignedClientId;
            connAck.ServerKeepAlive = serverKeepAlive;
        }

        EnqueueControl(connAck);
        _retransmitPending = attach.SessionPresent;
        _state = 2;
        ScheduleWrite();
        _core.Stats.ConnectionAccepted();
        BrokerLog.ClientConnected(_core.Logger, connect.ClientId, ConnectionId, _version, connect.CleanStart, attach.SessionPresent);
        return true;
    }

    private bool RefuseConnect(ReasonCode reason, string? reasonString)
    {
        _core.Stats.ConnectionRefused();
        BrokerLog.ConnectRefused(_core.Logger, ConnectionId, reason);
        EnqueueControl(new ConnAckPacket { ReasonCode = reason, ReasonString = IsV5 ? reasonString : null });
        _closeCause = "refused at CONNECT";
        return false;
    }

    private async ValueTask<PublishAdmissionResult> AdmitAsync(ClientIdentity identity, PublishPacket publish, CancellationToken cancellationToken)
    {
        try
        {
            var pending = _core.PublishAdmission.AdmitAsync(identity, publish, cancellationToken);
            return pending.IsCompletedSuccessfully ? pending.Result : await pending.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            BrokerLog.HookFailed(_core.Logger, ex, nameof(IPublishAdmission), ConnectionId);
            return PublishAdmissionResult.Refuse(ReasonCode.UnspecifiedError);
        }
    }

    // ---------------------------------------------------------------- PUBLISH (inbound)

    private ValueTask<bool> HandlePublishAsync(PublishPacket publish, CancellationToken cancellationToken)
    {
        if (publish.TopicAlias is { } alias)
        {
            if (alias == 0 || alias > _core.Options.TopicAliasMaximum)
            {
                return ValueTask.FromResult(Violation(ReasonCode.TopicAliasInvalid, "topic alias out of range"));
            }

            var aliases = _topicAliases ??= new string?[_core.Options.TopicAliasMaximum + 1];
            if (publish.Topic.Length == 0)
            {
                if (aliases[alias] is not { } known)
                {
                    return ValueTask.FromResult(Violation(ReasonCode.ProtocolError, "unknown topic alias"));
                }

                publish.Topic = known;
            }
            else
            {
                aliases[alias] = publish.Topic;
            }

            // The packet is shared by every subscriber: the inbound alias means nothing to them.
            publish.TopicAlias = null;
        }

        if (!TopicNames.IsValidTopicName(publish.Topic))
        {
            return ValueTask.FromResult(Violation(ReasonCode.TopicNameInvalid, "invalid topic name"));
        }

        var session = _session!;
        if (publish.QoS == QualityOfService.ExactlyOnce)
        {
            lock (session.Sync)
            {
                var pending = session.IncomingQoS2 ??= [];
                if (pending.Contains(publish.PacketId))
                {
                    // Exactly once: a resend of a message already routed is acknowledged, not routed again.
                    EnqueuePublishAck(MqttPacketType.PubRec, publish.PacketId, ReasonCode.Success);
                    return ValueTask.FromResult(true);
                }

                if (pending.Count >= _core.Options.ReceiveMaximum)
                {
                    return ValueTask.FromResult(Violation(ReasonCode.ReceiveMaximumExceeded, "receive maximum exceeded"));
                }
            }
        }

        _core.Stats.MessageReceived();
        var admission = AdmitAsync(_identity!, publish, cancellationToken);
        if (admission.IsCompletedSuccessfully)
        {
            return AfterPublish(CompletePublish(publish, session, admission.Result, cancellationToken));
        }

        return AwaitAdmissionAsync(publish, session, admission, cancellationToken);
    }

    private async ValueTask<bool> AwaitAdmissionAsync(PublishPacket publish, Session session, ValueTask<PublishAdmissionResult> admission, CancellationToken cancellationToken) =>
        await AfterPublish(CompletePublish(publish, session, await admission.ConfigureAwait(false), cancellationToken)).ConfigureAwait(false);

    private bool CompletePublish(PublishPacket publish, Session session, PublishAdmissionResult admission, CancellationToken cancellationToken)
    {
        if (!admission.Admitted)
        {
            _core.Stats.MessageRefused();
            if (admission.Disconnect)
            {
                _serverReason ??= (byte)admission.Reason >= 0x80 ? admission.Reason : ReasonCode.NotAuthorized;
                _closeCause ??= "publish refused";
                return false;
            }

            // 5.0 carries the refusal in the acknowledgement. 3.1.1 cannot: the message is dropped and acknowledged
            // normally, so that the client does not resend it forever.
            var reason = !IsV5 ? ReasonCode.Success : (byte)admission.Reason >= 0x80 ? admission.Reason : ReasonCode.NotAuthorized;
            if (publish.QoS == QualityOfService.AtLeastOnce)
            {
                EnqueuePublishAck(MqttPacketType.PubAck, publish.PacketId, reason);
            }
            else if (publish.QoS == QualityOfService.ExactlyOnce)
            {
                if (!IsV5)
                {
                    lock (session.Sync)
                    {
                        (session.IncomingQoS2 ??= []).Add(publish.PacketId);
                    }
                }

                EnqueuePublishAck(MqttPacketType.PubRec, publish.PacketId, reason);
            }

            return true;
        }

        // Routed before the store commits: subscribers may see a message whose acknowledgement is still held (and,
        // if the store then fails, one the publisher will send again). What is acknowledged is always stored.
        if (!admission.Retransmission)
        {
            _core.Router.Route(publish, session.ClientId, admission.TrafficClass);
        }

        if (publish.QoS == QualityOfService.AtMostOnce)
        {
            return true;
        }

        MqttPacketType ackType;
        if (publish.QoS == QualityOfService.AtLeastOnce)
        {
            ackType = MqttPacketType.PubAck;
        }
        else
        {
            lock (session.Sync)
            {
                (session.IncomingQoS2 ??= []).Add(publish.PacketId);
            }

            ackType = MqttPacketType.PubRec;
        }

        if (_core.MessageStore is { } store)
        {
            return StoreThenAcknowledge(store, publish, session, ackType, admission, cancellationToken);
        }

        EnqueueAck(ackType, publish.PacketId, ReasonCode.Success);
        return true;
    }

    // ---------------------------------------------------------------- acknowledgements

    private bool HandleAck(PubAckPacket ack)
    {
        var session = _session!;
        var wake = false;
        lock (session.Sync)
        {
            if (!ReferenceEquals(session.Connection, this))
            {
                return true;
            }

            var inflight = session.Inflight;
            switch (ack.Type)
            {
                case MqttPacketType.PubAck:
                    if (inflight is not null && inflight.TryGetValue(ack.PacketId, out var acked) && acked.Delivery.QoS == QualityOfService.AtLeastOnce)
                    {
                        inflight.Remove(ack.PacketId);
                        wake = true;
                    }

                    break;

                case MqttPacketType.PubRec:
                    if (inflight is null)
                    {
                        EnqueueAckIfV5NotFound(MqttPacketType.PubRel, ack.PacketId);
                        break;
                    }

                    ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(inflight, ack.PacketId);
                    if (Unsafe.IsNullRef(ref entry) || entry.Delivery.QoS != QualityOfService.ExactlyOnce)
                    {
                        EnqueueAckIfV5NotFound(MqttPacketType.PubRel, ack.PacketId);
                    }
                    else if ((byte)ack.ReasonCode >= 0x80)
                    {
                        // The client refused it: the flow ends here (5.0 section 4.3.3).
                        inflight.Remove(ack.PacketId);
                        wake = true;
                    }
                    else
                    {
                        entry.Released = true;
                        EnqueueAck(MqttPacketType.PubRel, ack.PacketId, ReasonCode.Success);
                    }

                    break;

                case MqttPacketType.PubComp:
                    if (inflight is not null && inflight.TryGetValue(ack.PacketId, out var completed) && completed.Released)
                    {
                        inflight.Remove(ack.PacketId);
                        wake = true;
                    }

                    break;

                case MqttPacketType.PubRel:
                    var known = session.IncomingQoS2?.Remove(ack.PacketId) ?? false;
                    EnqueueAck(MqttPacketType.PubComp, ack.PacketId, known || !IsV5 ? ReasonCode.Success : ReasonCode.PacketIdentifierNotFound);
                    break;
            }

            wake &= session.Queue is { HasQoS12: true };
        }

        if (wake)
        {
            // The in-flight window opened: queued QoS 1/2 messages can go.
            ScheduleWrite();
        }

        return true;
    }

    private void EnqueueAckIfV5NotFound(MqttPacketType type, ushort packetId) =>
        EnqueueAck(type, packetId, IsV5 ? ReasonCode.PacketIdentifierNotFound : ReasonCode.Success);

    // ---------------------------------------------------------------- SUBSCRIBE / UNSUBSCRIBE

    private async ValueTask<bool> HandleSubscribeAsync(SubscribePacket subscribe, CancellationToken cancellationToken)
    {
        var session = _session!;
        var codes = new ReasonCode[subscribe.Subscriptions.Count];
        List<SubscriptionEntry>? retainedFor = null;
        var subscriptionId = subscribe.SubscriptionIdentifier ?? 0;
        for (var i = 0; i < codes.Length; i++)
        {
            var subscription = subscribe.Subscriptions[i];
            string filter;
            string? group = null;
            if (TopicNames.IsShared(subscription.TopicFilter))
            {
                if (!TopicNames.TryParseShared(subscription.TopicFilter, out var shareName, out filter))
                {
                    codes[i] = ReasonCode.TopicFilterInvalid;
                    continue;
                }

                if (subscription.NoLocal)
                {
                    // MQTT-3.8.3-4.
                    return Violation(ReasonCode.ProtocolError, "no local on a shared subscription");
                }

                group = shareName;
            }
            else if (TopicNames.IsValidFilter(subscription.TopicFilter))
            {
                filter = subscription.TopicFilter;
            }
            else
            {
                codes[i] = ReasonCode.TopicFilterInvalid;
                continue;
            }

            ReasonCode granted;
            try
            {
                granted = await _core.SubscriptionAuthorizer.AuthorizeAsync(_identity!, subscription, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                BrokerLog.HookFailed(_core.Logger, ex, nameof(ISubscriptionAuthorizer), ConnectionId);
                granted = ReasonCode.UnspecifiedError;
            }

            if ((byte)granted >= 0x80)
            {
                codes[i] = granted;
                continue;
            }

            var qos = (QualityOfService)Math.Min((byte)granted, (byte)subscription.MaximumQoS);
            var entry = new SubscriptionEntry(session, filter, group, subscription with { MaximumQoS = qos }, subscriptionId);
            bool existed;
            lock (session.Sync)
            {
                if (session.Ended)
                {
                    codes[i] = ReasonCode.UnspecifiedError;
                    continue;
                }

                var subscriptions = session.Subscriptions ??= new Dictionary<string, SubscriptionEntry>(StringComparer.Ordinal);
                existed = subscriptions.ContainsKey(subscription.TopicFilter);
                subscriptions[subscription.TopicFilter] = entry;
                // Under the session lock, so that a concurrent end of the session cannot miss it.
                _core.Trie.Add(entry);
            }

            codes[i] = (ReasonCode)(byte)qos;
            if (group is null && (subscription.RetainHandling == RetainHandling.SendAtSubscribe
                || (subscription.RetainHandling == RetainHandling.SendAtSubscribeIfNew && !existed)))
            {
                (retainedFor ??= []).Add(entry);
            }
        }

        EnqueueControl(new SubAckPacket { PacketId = subscribe.PacketId, ReasonCodes = codes });

        if (retainedFor is not null)
        {
            var now = _core.Time.GetTimestamp();
            var retained = new List<RetainedMessage>();
            foreach (var entry in retainedFor)
            {
                retained.Clear();
                _core.Retained.Collect(entry.Filter, now, retained);
                foreach (var message in retained)
                {
                    var qos = message.Packet.QoS < entry.MaximumQoS ? message.Packet.QoS : entry.MaximumQoS;
                    // Sent because of a new subscription: RETAIN is 1 (MQTT-3.3.1-8).
                    _core.Router.Offer(session, message.Packet, qos, retain: true, entry.SubscriptionIds, message.ExpiresAt, message.Class);
                }
            }
        }

        return true;
    }

    private bool HandleUnsubscribe(UnsubscribePacket unsubscribe)
    {
        var session = _session!;
        var codes = new ReasonCode[unsubscribe.TopicFilters.Count];
        for (var i = 0; i < codes.Length; i++)
        {
            var filter = unsubscribe.TopicFilters[i];
            SubscriptionEntry? removed = null;
            lock (session.Sync)
            {
                if (session.Subscriptions?.Remove(filter, out removed) == true)
                {
                    _core.Trie.Remove(session, removed!.Filter, removed.ShareGroup);
                }
            }

            codes[i] = removed is null ? ReasonCode.NoSubscriptionExisted : ReasonCode.Success;
        }

        EnqueueControl(new UnsubAckPacket { PacketId = unsubscribe.PacketId, ReasonCodes = codes });
        return true;
    }

    // ---------------------------------------------------------------- DISCONNECT

    private bool HandleDisconnect(DisconnectPacket disconnect)
    {
        var session = _session!;
        if (IsV5)
        {
            if (disconnect.SessionExpiryInterval is { } expiry)
            {
                if (session.ExpiryInterval == 0 && expiry != 0)
                {
                    // MQTT-3.14.2-2.
                    return Violation(ReasonCode.ProtocolError, "session expiry set at DISCONNECT after 0 at CONNECT");
                }

                session.ExpiryInterval = Math.Min(expiry, _core.Options.MaximumSessionExpirySeconds);
            }

            _willSuppressed = disconnect.ReasonCode != ReasonCode.DisconnectWithWillMessage;
        }
        else
        {
            _willSuppressed = true;
        }

        _closeCause = "client sent DISCONNECT";
        return false;
    }
}
