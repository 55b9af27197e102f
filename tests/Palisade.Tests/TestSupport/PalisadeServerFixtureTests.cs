using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Palisade.Tests.TestSupport;

/// <summary>The fixture's own promise: an unexpected server error fails the test; a declared one does not.</summary>
public sealed class PalisadeServerFixtureTests
{
    [Fact]
    public async Task Unexpected_error_logged_by_the_server_fails_the_test_at_dispose()
    {
        var server = await PalisadeServerFixture.StartAsync(o => o.WithEchoServer(new EchoMqttServer()));
        server.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Palisade.Test").LogError("simulated failure");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(server.DisposeAsync);
        Assert.Contains("simulated failure", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_declared_as_expected_does_not_fail_the_test()
    {
        var server = await PalisadeServerFixture.StartAsync(o =>
        {
            o.WithEchoServer(new EchoMqttServer());
            o.ExpectedErrors.Add(l => l.Message.Contains("provoked", StringComparison.Ordinal));
        });
        server.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Palisade.Test").LogError("provoked on purpose");

        await server.DisposeAsync();
        Assert.Empty(server.UnexpectedErrors());
    }
}
