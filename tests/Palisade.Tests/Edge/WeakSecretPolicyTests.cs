using Palisade.Edge.Identity;
using Palisade.Infrastructure.Pki;

namespace Palisade.Tests.Edge;

public sealed class WeakSecretPolicyTests
{
    [Theory]
    [InlineData("admin")]
    [InlineData("password")]
    [InlineData("123456")]
    [InlineData("Password123!")]
    [InlineData("raspberry")]
    [InlineData("adminadminadminadmin")]
    [InlineData("ubnt")]
    public void Known_default_secrets_are_refused_as_such(string secret) =>
        Assert.Equal("it is a known default or weak secret", WeakSecretPolicy.Problem(secret, "dev-1", "acme"));

    [Theory]
    [InlineData("Xk3-pq9Lm2", "shorter than 16")]
    [InlineData("abababababababab", "distinct")]
    [InlineData("Zq8!abcdefgh#Lm2Wp", "run of 4")]
    [InlineData("Zq8!mx7#dev-1-Lm2Wp", "device or participant id")]
    [InlineData("8203749165038274", "estimated strength")]
    public void Weak_secrets_are_refused_with_the_rule_they_break(string secret, string expected)
    {
        var problem = WeakSecretPolicy.Problem(secret, "dev-1", "acme");
        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_random_legacy_secret_is_accepted() =>
        Assert.Null(WeakSecretPolicy.Problem("vT7#qL9x!Rm2@Wz4&Kp8", "dev-1", "acme"));

    [Fact]
    public void Generated_secrets_always_pass_the_policy()
    {
        // 5,000 draws: a generator that did not redraw would hold a run of 4 in about 1 draw in 2,000. The ids contain
        // '.', which base64url never produces, so the id rule cannot fire by chance.
        for (var i = 0; i < 5_000; i++)
        {
            Assert.Null(WeakSecretPolicy.Problem(SecretHasher.Generate(), "dev.1", "acme.corp"));
        }
    }

    [Fact]
    public void Refusal_message_never_contains_the_secret()
    {
        const string secret = "Password2024!";
        Assert.DoesNotContain(secret, WeakSecretPolicy.Problem(secret, "d", "p")!, StringComparison.OrdinalIgnoreCase);
    }
}
