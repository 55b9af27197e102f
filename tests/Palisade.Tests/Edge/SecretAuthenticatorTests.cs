using System.Net;
using System.Text;
using Palisade.Edge.Identity;
using Palisade.Infrastructure.Pki;
using Palisade.Infrastructure.Storage;
using Palisade.Mqtt;
using Palisade.Platform.Applications;
using Palisade.Tests.Infrastructure;

namespace Palisade.Tests.Edge;

public sealed class SecretAuthenticatorTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly RegistryStore _registry;
    private readonly SecretAuthenticator _authenticator;
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
    private readonly string _deviceSecret = SecretHasher.Generate();
    private readonly string _appSecret = SecretHasher.Generate();

    public SecretAuthenticatorTests()
    {
        _registry = RegistryStore.Open(DataFolder.Open(_temp.Data));
        _authenticator = new SecretAuthenticator(_registry);
        _registry.AddParticipant("acme", [], _now);
        // Lower iteration counts keep the suite fast; the stored count is what verification uses.
        _registry.AddDevice("meter-1", "acme", new NewCredential(Secret: SecretHasher.Hash(_deviceSecret, 1000)), [CidrRange.Parse("192.0.2.0/24")], _now);
        _registry.AddApplication("dash", "acme", [new ApplicationGrant(ApplicationRight.SubscribeTelemetry, "*")], SecretHasher.Hash(_appSecret, 1000), _now);
    }

    public void Dispose()
    {
        _registry.Dispose();
        _temp.Dispose();
    }

    private AdmissionDecision Connect(string? user, string? password, string clientId, string source = "192.0.2.10", bool tls = true) =>
        _authenticator.Authenticate(new SecretConnectAttempt(user, password is null ? null : Encoding.UTF8.GetBytes(password), clientId, IPAddress.Parse(source), tls, _now));

    [Fact]
    public void Device_with_its_generated_secret_is_admitted()
    {
        var decision = Connect("meter-1", _deviceSecret, "meter-1");
        Assert.True(decision.Admitted, decision.Detail);
        Assert.Equal(PrincipalKind.Device, decision.Principal!.Kind);
        Assert.Equal("secret", decision.Principal.AuthenticationMethod);
    }

    [Fact]
    public void Wrong_secret_and_unknown_user_get_the_same_bad_user_name_or_password_answer()
    {
        var wrong = Connect("meter-1", _deviceSecret + "x", "meter-1");
        var unknown = Connect("nobody", _deviceSecret, "nobody");
        Assert.Equal(ReasonCode.BadUserNameOrPassword, wrong.ReasonCode);
        Assert.Equal(ReasonCode.BadUserNameOrPassword, unknown.ReasonCode);
        Assert.Equal(wrong.ReasonString, unknown.ReasonString);
        Assert.Equal(4, wrong.V311ReturnCode);
    }

    [Fact]
    public void Secret_over_plain_tcp_is_refused_even_when_correct()
    {
        var decision = Connect("meter-1", _deviceSecret, "meter-1", tls: false);
        Assert.Equal(AdmissionRefusal.SecretOverPlainText, decision.Refusal);
        Assert.Equal(ReasonCode.NotAuthorized, decision.ReasonCode);
    }

    [Fact]
    public void Revoked_device_with_a_correct_secret_is_refused_as_banned()
    {
        _registry.RevokeDevice("meter-1", null, _now);
        Assert.Equal(ReasonCode.Banned, Connect("meter-1", _deviceSecret, "meter-1").ReasonCode);
    }

    [Fact]
    public void Revoked_device_with_a_wrong_secret_learns_nothing_about_its_state()
    {
        _registry.RevokeDevice("meter-1", null, _now);
        Assert.Equal(ReasonCode.BadUserNameOrPassword, Connect("meter-1", "guess", "meter-1").ReasonCode);
    }

    [Fact]
    public void Device_with_another_client_id_is_refused()
    {
        Assert.Equal(ReasonCode.ClientIdentifierNotValid, Connect("meter-1", _deviceSecret, "meter-2").ReasonCode);
    }

    [Fact]
    public void Device_from_outside_its_allowlist_is_refused()
    {
        Assert.Equal(AdmissionRefusal.SourceAddressNotAllowed, Connect("meter-1", _deviceSecret, "meter-1", source: "198.51.100.1").Refusal);
    }

    [Fact]
    public void Application_is_admitted_with_its_grants_under_its_id_or_an_instance_suffix()
    {
        var plain = Connect("dash", _appSecret, "dash");
        var instance = Connect("dash", _appSecret, "dash:worker-2");
        Assert.True(plain.Admitted);
        Assert.True(instance.Admitted);
        Assert.Equal(PrincipalKind.Application, instance.Principal!.Kind);
        Assert.Single(instance.Principal.Grants);
        Assert.Equal(ReasonCode.ClientIdentifierNotValid, Connect("dash", _appSecret, "meter-1").ReasonCode);
        Assert.Equal(ReasonCode.ClientIdentifierNotValid, Connect("dash", _appSecret, "dash:").ReasonCode);
    }

    [Fact]
    public void Revoked_application_is_refused()
    {
        _registry.RevokeApplication("dash", _now);
        Assert.Equal(ReasonCode.Banned, Connect("dash", _appSecret, "dash").ReasonCode);
    }

    [Fact]
    public void Connect_without_credentials_is_refused()
    {
        Assert.Equal(AdmissionRefusal.NoCredentials, Connect(null, null, "x").Refusal);
    }
}
