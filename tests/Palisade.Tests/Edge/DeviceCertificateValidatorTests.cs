using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Palisade.Edge.Identity;
using Palisade.Infrastructure.Pki;
using Palisade.Infrastructure.Storage;
using Palisade.Mqtt;
using Palisade.Tests.Infrastructure;

namespace Palisade.Tests.Edge;

/// <summary>One test per refusal of mutual-TLS admission, each asserting the 5.0 reason code (and 3.1.1 where it differs).</summary>
public sealed class DeviceCertificateValidatorTests : IDisposable
{
    private static readonly IPAddress Local = IPAddress.Loopback;
    private readonly TempDirectory _temp = new();
    private readonly RegistryStore _registry;
    private readonly PlatformCa _ca;
    private readonly DeviceCertificateValidator _validator;
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    public DeviceCertificateValidatorTests()
    {
        var data = DataFolder.Open(_temp.Data);
        _registry = RegistryStore.Open(data);
        _ca = PlatformCa.LoadOrCreate(data);
        _validator = new DeviceCertificateValidator(_registry, _ca.Certificate);
        _registry.AddParticipant("acme", [], _now);
        _registry.AddParticipant("globex", [], _now);
    }

    public void Dispose()
    {
        _registry.Dispose();
        _ca.Dispose();
        _temp.Dispose();
    }

    private X509Certificate2 Register(string deviceId, string participant = "acme", params string[] allow)
    {
        var (cert, key) = _ca.IssueWithNewKey(participant, deviceId, TimeSpan.FromDays(30), _now);
        key.Dispose();
        _registry.AddDevice(deviceId, participant,
            new NewCredential(CertificateFacts.Thumbprint(cert), cert.SerialNumber, _ca.Thumbprint, cert.NotAfter),
            [.. allow.Select(CidrRange.Parse)], _now);
        return cert;
    }

    private AdmissionDecision Check(X509Certificate2? cert, string clientId, IPAddress? source = null, DateTimeOffset? at = null) =>
        _validator.Validate(new CertificateConnectAttempt(cert, clientId, source ?? Local, at ?? _now));

    [Fact]
    public void Registered_active_device_with_its_platform_certificate_is_admitted()
    {
        using var cert = Register("d1");
        var decision = Check(cert, "d1");
        Assert.True(decision.Admitted, decision.Detail);
        Assert.Equal(("d1", "acme", PrincipalKind.Device), (decision.Principal!.Id, decision.Principal.ParticipantId, decision.Principal.Kind));
        Assert.Equal(CertificateFacts.Thumbprint(cert), decision.Principal.CertificateThumbprint);
    }

    [Fact]
    public void Certificate_from_an_unknown_ca_is_refused_not_authorized()
    {
        var (rogueCa, rogueKey) = TestPki.CreateCa("Rogue CA");
        using (rogueCa)
        using (rogueKey)
        {
            Register("d1").Dispose();
            using var forged = TestPki.CreateLeaf(rogueCa, rogueKey, "d1", urn: "urn:palisade:device:acme:d1");
            var decision = Check(forged, "d1");
            Assert.Equal(AdmissionRefusal.UnknownCertificateAuthority, decision.Refusal);
            Assert.Equal(ReasonCode.NotAuthorized, decision.ReasonCode);
            Assert.Equal(5, decision.V311ReturnCode);
        }
    }

    [Fact]
    public void Expired_certificate_is_refused()
    {
        using var cert = Register("d1");
        var decision = Check(cert, "d1", at: _now.AddDays(31));
        Assert.Equal(AdmissionRefusal.CertificateExpired, decision.Refusal);
        Assert.Equal(ReasonCode.NotAuthorized, decision.ReasonCode);
    }

    [Fact]
    public void Certificate_before_its_validity_is_refused_as_not_yet_valid()
    {
        using var cert = Register("d1");
        Assert.Equal(AdmissionRefusal.CertificateNotYetValid, Check(cert, "d1", at: _now.AddDays(-1)).Refusal);
    }

    [Fact]
    public void Revoked_device_is_refused_as_banned()
    {
        using var cert = Register("d1");
        _registry.RevokeDevice("d1", "stolen", _now);
        var decision = Check(cert, "d1");
        Assert.Equal(AdmissionRefusal.DeviceRevoked, decision.Refusal);
        Assert.Equal(ReasonCode.Banned, decision.ReasonCode);
        Assert.Equal(5, decision.V311ReturnCode);
    }

    [Fact]
    public void Platform_certificate_for_an_unregistered_device_is_refused()
    {
        var (cert, key) = _ca.IssueWithNewKey("acme", "ghost", TimeSpan.FromDays(1), _now);
        using (cert)
        using (key)
        {
            var decision = Check(cert, "ghost");
            Assert.Equal(AdmissionRefusal.UnknownDevice, decision.Refusal);
            Assert.Equal(ReasonCode.NotAuthorized, decision.ReasonCode);
        }
    }

    [Fact]
    public void Platform_certificate_not_recorded_for_the_device_is_refused()
    {
        Register("d1").Dispose();
        var (other, key) = _ca.IssueWithNewKey("acme", "d1", TimeSpan.FromDays(1), _now); // e.g. issued from a copy of the CA key
        using (other)
        using (key)
        {
            Assert.Equal(AdmissionRefusal.CertificateNotRegistered, Check(other, "d1").Refusal);
        }
    }

    [Fact]
    public void Client_id_different_from_the_device_id_is_refused_as_identifier_not_valid()
    {
        using var cert = Register("d1");
        var decision = Check(cert, "d2");
        Assert.Equal(AdmissionRefusal.ClientIdMismatch, decision.Refusal);
        Assert.Equal(ReasonCode.ClientIdentifierNotValid, decision.ReasonCode);
        Assert.Equal(2, decision.V311ReturnCode);
    }

    [Fact]
    public void Source_address_outside_the_allowlist_is_refused_and_inside_is_admitted()
    {
        using var cert = Register("d1", "acme", "10.1.0.0/16");
        var refused = Check(cert, "d1", IPAddress.Parse("10.2.0.1"));
        Assert.Equal(AdmissionRefusal.SourceAddressNotAllowed, refused.Refusal);
        Assert.Equal(ReasonCode.NotAuthorized, refused.ReasonCode);
        Assert.Contains("10.2.0.1", refused.Detail, StringComparison.Ordinal);
        Assert.True(Check(cert, "d1", IPAddress.Parse("::ffff:10.1.2.3")).Admitted);
    }

    [Fact]
    public void Missing_client_certificate_is_refused()
    {
        Assert.Equal(AdmissionRefusal.NoCredentials, Check(null, "d1").Refusal);
    }

    [Fact]
    public void Device_of_an_inactive_participant_is_refused()
    {
        // No CLI to suspend yet; the registry state is set directly, as a later "participant suspend" will.
        using var cert = Register("d1");
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_temp.Data, "palisade.db")};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE participants SET state = 'suspended' WHERE id = 'acme'; UPDATE devices SET state = 'suspended' WHERE id = 'd1'";
            cmd.ExecuteNonQuery();
        }

        Assert.Equal(AdmissionRefusal.DeviceSuspended, Check(cert, "d1").Refusal);
    }

    [Fact]
    public void Participant_ca_certificate_is_admitted_for_a_registered_device_of_that_participant()
    {
        var (acmeCa, acmeKey) = TestPki.CreateCa("ACME Devices CA");
        using (acmeCa)
        using (acmeKey)
        {
            _registry.TrustCa("acme", acmeCa, _now);
            _registry.AddDevice("plc-9", "acme", NewCredential.None, [], _now);
            using var cert = TestPki.CreateLeaf(acmeCa, acmeKey, "plc-9");
            var decision = Check(cert, "plc-9");
            Assert.True(decision.Admitted, decision.Detail);
            Assert.Equal("acme", decision.Principal!.ParticipantId);
        }
    }

    [Fact]
    public void Participant_ca_cannot_vouch_for_another_participants_device()
    {
        var (globexCa, globexKey) = TestPki.CreateCa("Globex CA");
        using (globexCa)
        using (globexKey)
        {
            _registry.TrustCa("globex", globexCa, _now);
            Register("acme-press").Dispose();
            using var forged = TestPki.CreateLeaf(globexCa, globexKey, "acme-press");
            var decision = Check(forged, "acme-press");
            Assert.Equal(AdmissionRefusal.ForeignParticipantCa, decision.Refusal);
            Assert.Equal(ReasonCode.NotAuthorized, decision.ReasonCode);
        }
    }

    [Fact]
    public void Participant_ca_certificate_for_an_unregistered_device_is_refused()
    {
        var (acmeCa, acmeKey) = TestPki.CreateCa("ACME CA 2");
        using (acmeCa)
        using (acmeKey)
        {
            _registry.TrustCa("acme", acmeCa, _now);
            using var cert = TestPki.CreateLeaf(acmeCa, acmeKey, "not-registered");
            Assert.Equal(AdmissionRefusal.UnknownDevice, Check(cert, "not-registered").Refusal);
        }
    }

    [Fact]
    public void Ca_certificate_presented_as_client_certificate_is_refused()
    {
        var (acmeCa, acmeKey) = TestPki.CreateCa("ACME CA 3");
        using (acmeCa)
        using (acmeKey)
        {
            _registry.TrustCa("acme", acmeCa, _now);
            Assert.Equal(AdmissionRefusal.CertificateInvalid, Check(acmeCa, "ACME CA 3").Refusal);
        }
    }

    [Fact]
    public void Certificate_without_client_auth_usage_is_refused()
    {
        var (acmeCa, acmeKey) = TestPki.CreateCa("ACME CA 4");
        using (acmeCa)
        using (acmeKey)
        {
            _registry.TrustCa("acme", acmeCa, _now);
            _registry.AddDevice("srv", "acme", NewCredential.None, [], _now);
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=srv", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // serverAuth only
            using var cert = request.Create(acmeCa, acmeCa.NotBefore, _now.AddDays(1), [1, 2, 3, 4]); // not before the issuer: Create refuses that
            Assert.Equal(AdmissionRefusal.CertificateInvalid, Check(cert, "srv").Refusal);
        }
    }
}
