using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Palisade.Broker;
using Palisade.Broker.Hooks;
using Palisade.Edge.Admission;
using Palisade.Edge.RateLimits;
using Palisade.Infrastructure.Audit;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;
using Palisade.Platform.Participants;

namespace Palisade.Edge.Identity;

/// <summary>
/// Plugs device identity, topic authorisation and the audit log into the broker's hooks. One instance serves every
/// listener. Each refusal answers with its MQTT 5.0 reason code (the broker maps it to 3.1.1) and writes one audit
/// event; admitted connections are audited too. Admitted publishes and subscriptions are not audited (volume).
/// Call <see cref="ConnectionClosed"/> when a connection ends, so its certificate can be used again.
/// </summary>
internal sealed class IdentityHooks : IConnectionAuthenticator, ISubscriptionAuthorizer, IPublishAdmission, IDeliveryFilter
{
    private const string ConnectionAttribute = "connection";

    private readonly DeviceCertificateValidator _certificates;
    private readonly SecretAuthenticator _secrets;
    private readonly LiveCertificateTracker _live;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _time;
    private readonly ConditionalWeakTable<ClientIdentity, AuthenticatedPrincipal> _principals = new();

    // Admission of what devices send (issue 5), run after topic authorisation; null = topic authorisation only.
    private AdmissionPipeline? _admission;

    // Admitted connections by connection id: what ConnectionEnded releases and what revocation disconnects.
    private readonly ConcurrentDictionary<string, LiveConnection> _connections = new(StringComparer.Ordinal);

    public IdentityHooks(DeviceCertificateValidator certificates, SecretAuthenticator secrets, LiveCertificateTracker live, IAuditLog audit, TimeProvider? time = null)
    {
        _certificates = certificates;
        _secrets = secrets;
        _live = live;
        _audit = audit;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Source-address limits and bans, checked before any identity work (set by the host; null = none).</summary>
    public ConnectionGate? Gate { get; set; }

    public async ValueTask<AuthenticationResult> AuthenticateAsync(ClientEndpoint endpoint, ConnectPacket connect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(connect);
        if (Gate is { } gate && await gate.CheckAsync(endpoint, connect, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var now = _time.GetUtcNow();
        var source = (endpoint.RemoteEndPoint as IPEndPoint)?.Address;
        var decision = endpoint.ClientCertificate is { } certificate
            ? _certificates.Validate(new CertificateConnectAttempt(certificate, connect.ClientId, source, now))
            // PBKDF2 costs ~0.1 s of CPU: keep it off the connection's I/O continuation.
            : await Task.Run(() => _secrets.Authenticate(new SecretConnectAttempt(connect.UserName, connect.Password, connect.ClientId, source, endpoint.IsTls, now)), cancellationToken)
                .ConfigureAwait(false);

        if (decision.Principal is { CertificateThumbprint: { } thumbprint } && !_live.TryAcquire(thumbprint, endpoint.ConnectionId, out var holder))
        {
            await _audit.WriteAsync(new AuditEvent(now, Actor(decision.Principal), "certificate.shared", "device:" + decision.Principal.Id, AuditOutcome.Alert,
                $"certificate {thumbprint} presented by connection {endpoint.ConnectionId} while connection {holder} holds it; newcomer refused", source?.ToString()), cancellationToken).ConfigureAwait(false);
            decision = AdmissionDecision.Refuse(AdmissionRefusal.CertificateShared, "certificate already in use by another live connection", $"held by connection {holder}");
        }

        var actor = decision.Principal is { } p ? Actor(p) : endpoint.ClientCertificate is not null ? "certificate:" + endpoint.ClientCertificate.Subject : "user:" + (connect.UserName ?? "-");
        await _audit.WriteAsync(new AuditEvent(now, actor, "connect", "client:" + connect.ClientId,
            decision.Admitted ? AuditOutcome.Success : AuditOutcome.Refused,
            decision.Admitted
                ? $"{decision.Principal!.AuthenticationMethod} via {endpoint.ListenerName}, connection {endpoint.ConnectionId}"
                : $"0x{(byte)decision.ReasonCode:X2} {decision.Refusal}: {decision.ReasonString}; {decision.Detail}",
            source?.ToString()), cancellationToken).ConfigureAwait(false);

        if (decision.Principal is not { } principal)
        {
            return AuthenticationResult.Refuse(decision.ReasonCode, decision.ReasonString ?? "not authorized");
        }

        var identity = new ClientIdentity(connect.ClientId, principal.Id, principal.ParticipantId, new Dictionary<string, string>
        {
            ["kind"] = principal.Kind == PrincipalKind.Device ? "device" : "application",
            ["auth"] = principal.AuthenticationMethod,
            [ConnectionAttribute] = endpoint.ConnectionId,
            ["certificate"] = principal.CertificateThumbprint ?? "",
            [AdmissionPipeline.ProtocolAttribute] = connect.ProtocolVersion == MqttProtocolVersion.V500 ? "5" : "4",
        });
        _principals.AddOrUpdate(identity, principal);
        _connections[endpoint.ConnectionId] = new LiveConnection(connect.ClientId, principal.Kind, principal.Id, principal.CertificateThumbprint, identity);
        if (connect.Will is { } will)
        {
            // The broker admits the will next, through AdmitAsync: admission must know it is the will, not a publish.
            _admission?.ExpectWill(identity, will.Topic);
        }

        return AuthenticationResult.Accept(identity);
    }

    public async ValueTask<ReasonCode> AuthorizeAsync(ClientIdentity client, Subscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(subscription);
        var decision = _principals.TryGetValue(client, out var principal)
            ? TopicPolicy.AuthorizeSubscribe(principal, subscription.TopicFilter)
            : TopicDecision.NotAuthorized("no authenticated principal");
        if (decision.Allowed)
        {
            return (ReasonCode)(byte)subscription.MaximumQoS;
        }

        await _audit.WriteAsync(new AuditEvent(_time.GetUtcNow(), principal is null ? "client:" + client.ClientId : Actor(principal), "subscribe", subscription.TopicFilter,
            AuditOutcome.Refused, $"0x{(byte)decision.Reason:X2} {decision.ReasonString}"), cancellationToken).ConfigureAwait(false);
        return decision.Reason;
    }

    public ValueTask<PublishAdmissionResult> AdmitAsync(ClientIdentity publisher, PublishPacket publish, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(publish);
        var decision = _principals.TryGetValue(publisher, out var principal)
            ? TopicPolicy.AuthorizePublish(principal, publish.Topic)
            : TopicDecision.NotAuthorized("no authenticated principal");
        if (!decision.Allowed)
        {
            return RefusePublishAsync(publisher, principal, publish.Topic, decision, cancellationToken);
        }

        // Hot path: synchronous, and the pipeline allocates nothing on the admitted path.
        return _admission is { } admission
            ? admission.AdmitAsync(publisher, publish, cancellationToken)
            : ValueTask.FromResult(PublishAdmissionResult.AdmitAs(TopicClassifier.Classify(publish.Topic).TrafficClass));
    }

    /// <summary>Gives back what admission consumed for a message the store then refused (see <see cref="IPublishAdmission.Abandon"/>).</summary>
    public void Abandon(ClientIdentity publisher, PublishPacket publish) => _admission?.Abandon(publisher, publish);

    /// <summary>Runs <paramref name="admission"/> on every publish that topic authorisation allows (set once at start).</summary>
    public void UseAdmission(AdmissionPipeline? admission) => _admission = admission;

    public bool ShouldDeliver(ClientIdentity subscriber, PublishPacket message)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(message);
        return subscriber.ParticipantId is { } participant && TopicPolicy.MayDeliver(participant, message.Topic);
    }

    /// <summary>Releases the connection's certificate claim (call once per ended connection).</summary>
    public void ConnectionClosed(ClientIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (identity.Attributes.TryGetValue("certificate", out var thumbprint) && thumbprint.Length > 0
            && identity.Attributes.TryGetValue(ConnectionAttribute, out var connection))
        {
            _live.Release(thumbprint, connection);
        }
    }

    /// <summary>
    /// Called by the host once a connection has ended, whatever its outcome: releases its certificate claim (so the
    /// device can reconnect), forgets it for revocation, and ends its Sparkplug session in admission (the will NDEATH
    /// the broker publishes is not admitted, so nothing else would). Unknown ids (refused connections) are ignored.
    /// </summary>
    public void ConnectionEnded(string connectionId)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        if (!_connections.TryRemove(connectionId, out var live))
        {
            return;
        }

        // Before the certificate is released (after which the device can connect again); a newer connection's session
        // is safe either way, since only the session this connection holds is ended.
        _admission?.ConnectionEnded(live.Identity);
        if (live.CertificateThumbprint is { Length: > 0 } thumbprint)
        {
            _live.Release(thumbprint, connectionId);
        }
    }

    /// <summary>Client ids of the live connections of one device or application (for revocation).</summary>
    public IReadOnlyList<string> LiveClientIds(PrincipalKind kind, string principalId) =>
        _connections.Values.Where(c => c.Kind == kind && string.Equals(c.PrincipalId, principalId, StringComparison.Ordinal))
            .Select(c => c.ClientId).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Records an audit event from outside the hooks (revocation of live sessions).</summary>
    public ValueTask AuditAsync(AuditEvent auditEvent, CancellationToken cancellationToken) => _audit.WriteAsync(auditEvent, cancellationToken);

    /// <summary>The authenticated principal behind a broker identity, for other policy code.</summary>
    public AuthenticatedPrincipal? PrincipalOf(ClientIdentity identity) => _principals.TryGetValue(identity, out var p) ? p : null;

    private async ValueTask<PublishAdmissionResult> RefusePublishAsync(ClientIdentity publisher, AuthenticatedPrincipal? principal, string topic, TopicDecision decision, CancellationToken cancellationToken)
    {
        await _audit.WriteAsync(new AuditEvent(_time.GetUtcNow(), principal is null ? "client:" + publisher.ClientId : Actor(principal), "publish", topic,
            AuditOutcome.Refused, string.Create(CultureInfo.InvariantCulture, $"0x{(byte)decision.Reason:X2} {decision.ReasonString}")), cancellationToken).ConfigureAwait(false);
        return PublishAdmissionResult.Refuse(decision.Reason, decision.ReasonString);
    }

    /// <summary>
    /// The audit actor of a principal (<see cref="AuditActor"/>): <c>device:{participant}/{id}</c> or
    /// <c>application:{participant}/{id}</c>, as the admission pipeline writes it, so one device's records share one actor.
    /// </summary>
    internal static string Actor(AuthenticatedPrincipal principal) => principal.Kind == PrincipalKind.Device
        ? AuditActor.Device(principal.ParticipantId, principal.Id)
        : AuditActor.Application(principal.ParticipantId, principal.Id);

    private sealed record LiveConnection(string ClientId, PrincipalKind Kind, string PrincipalId, string? CertificateThumbprint, ClientIdentity Identity);
}
