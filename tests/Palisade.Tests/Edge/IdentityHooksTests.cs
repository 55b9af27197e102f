using System.Net;
using Palisade.Broker;
using Palisade.Broker.Hooks;
using Palisade.Edge.Identity;
using Palisade.Infrastructure.Audit;
using Palisade.Infrastructure.Pki;
using Palisade.Infrastructure.Storage;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;
using Palisade.Tests.Infrastructure;

namespace Palisade.Tests.Edge;

/// <summary>The broker hooks end to end without sockets: decision, reason code and the audit record it leaves.</summary>
public sealed class IdentityHooksTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
    private RegistryStore _registry = null!;
    private PlatformCa _ca = null!;
    private AuditStore _auditStore = null!;
    private AuditSigningKey _key = null!;
    private AuditLog _audit = null!;
    private IdentityHooks _hooks = null!;

    public Task InitializeAsync()
    {
        var data = DataFolder.Open(_temp.Data);
        _registry = RegistryStore.Open(data);
        _ca = PlatformCa.LoadOrCreate(data);
        _auditStore = AuditStore.Open(data);
        _key = AuditSigningKey.LoadOrCreate(data);
        _audit = new AuditLog(_auditStore, _key, new AuditLogOptions { Node = "test" });
        _hooks = new IdentityHooks(new DeviceCertificateValidator(_registry, _ca.Certificate), new SecretAuthenticator(_registry), new LiveCertificateTracker(), _audit);
        _registry.AddParticipant("acme", [], _now);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _audit.DisposeAsync();
        _auditStore.Dispose();
        _key.Dispose();
        _registry.Dispose();
        _ca.Dispose();
        _temp.Dispose();
    }

    private System.Security.Cryptography.X509Certificates.X509Certificate2 Register(string id)
    {
        var (cert, key) = _ca.IssueWithNewKey("acme", id, TimeSpan.FromDays(1), _now);
        key.Dispose();
        _registry.AddDevice(id, "acme", new NewCredential(CertificateFacts.Thumbprint(cert), cert.SerialNumber, _ca.Thumbprint, cert.NotAfter), [], _now);
        return cert;
    }

    private static ClientEndpoint Endpoint(string connection, System.Security.Cryptography.X509Certificates.X509Certificate2? cert) =>
        new(connection, "mtls", new IPEndPoint(IPAddress.Loopback, 50000), true, cert);

    /// <summary>Flushes the audit log (ends it: call last) and reads what it recorded.</summary>
    private async Task<IReadOnlyList<AuditRecord>> AuditAsync(string action)
    {
        await _audit.DisposeAsync();
        return _auditStore.Search(new AuditQuery(Action: action));
    }

    [Fact]
    public async Task Wrong_client_id_is_refused_with_0x85_and_audited()
    {
        using var cert = Register("d1");
        var result = await _hooks.AuthenticateAsync(Endpoint("c1", cert), new ConnectPacket { ClientId = "d2" }, CancellationToken.None);
        Assert.False(result.Succeeded);
        Assert.Equal(ReasonCode.ClientIdentifierNotValid, result.Reason);
        var record = Assert.Single(await AuditAsync("connect"));
        Assert.Equal(AuditOutcome.Refused, record.Outcome);
        Assert.StartsWith("0x85 ClientIdMismatch", record.Reason, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", record.SourceAddress);
    }

    [Fact]
    public async Task Second_live_connection_with_the_same_certificate_is_refused_and_alerted_until_the_first_closes()
    {
        using var cert = Register("d1");
        var first = await _hooks.AuthenticateAsync(Endpoint("c1", cert), new ConnectPacket { ClientId = "d1" }, CancellationToken.None);
        var second = await _hooks.AuthenticateAsync(Endpoint("c2", cert), new ConnectPacket { ClientId = "d1" }, CancellationToken.None);
        Assert.True(first.Succeeded);
        Assert.False(second.Succeeded);
        Assert.Equal(ReasonCode.NotAuthorized, second.Reason);
        Assert.Null(second.Identity); // a refused newcomer has no identity, so nothing it does can free the claim
        _hooks.ConnectionClosed(first.Identity!);
        Assert.True((await _hooks.AuthenticateAsync(Endpoint("c3", cert), new ConnectPacket { ClientId = "d1" }, CancellationToken.None)).Succeeded);

        // AuditAsync flushes the log the hooks write to, so it comes last.
        var alert = Assert.Single(await AuditAsync("certificate.shared"));
        Assert.Equal(AuditOutcome.Alert, alert.Outcome);
    }

    [Fact]
    public async Task Cross_participant_subscription_and_publish_are_refused_and_audited()
    {
        using var cert = Register("d1");
        var identity = (await _hooks.AuthenticateAsync(Endpoint("c1", cert), new ConnectPacket { ClientId = "d1" }, CancellationToken.None)).Identity!;

        Assert.Equal(ReasonCode.GrantedQoS1, await _hooks.AuthorizeAsync(identity, new Subscription("p/acme/d/d1/commands/#", QualityOfService.AtLeastOnce), CancellationToken.None));
        Assert.Equal(ReasonCode.NotAuthorized, await _hooks.AuthorizeAsync(identity, new Subscription("$share/g/p/+/d/+/commands/#", QualityOfService.AtLeastOnce), CancellationToken.None));
        var publish = await _hooks.AdmitAsync(identity, new PublishPacket { Topic = "p/globex/d/x/telemetry" }, CancellationToken.None);
        Assert.False(publish.Admitted);
        Assert.Equal(ReasonCode.NotAuthorized, publish.Reason);
        Assert.True((await _hooks.AdmitAsync(identity, new PublishPacket { Topic = "p/acme/d/d1/telemetry" }, CancellationToken.None)).Admitted);

        Assert.Single(await AuditAsync("subscribe"));
        var refusedPublish = Assert.Single(_auditStore.Search(new AuditQuery(Action: "publish")));
        Assert.Equal("p/globex/d/x/telemetry", refusedPublish.Target);
        Assert.Equal("device:acme/d1", refusedPublish.Actor);
    }

    [Fact]
    public async Task Messages_are_delivered_only_within_the_subscribers_participant()
    {
        using var cert = Register("d1");
        var identity = (await _hooks.AuthenticateAsync(Endpoint("c1", cert), new ConnectPacket { ClientId = "d1" }, CancellationToken.None)).Identity!;
        Assert.True(_hooks.ShouldDeliver(identity, new PublishPacket { Topic = "p/acme/d/d1/commands/x" }));
        Assert.False(_hooks.ShouldDeliver(identity, new PublishPacket { Topic = "p/globex/d/d1/commands/x" }));
        Assert.False(_hooks.ShouldDeliver(ClientIdentity.Anonymous("x"), new PublishPacket { Topic = "p/acme/d/d1/commands/x" }));
    }
}
