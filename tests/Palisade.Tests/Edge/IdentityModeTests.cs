using MQTTnet;
using MQTTnet.Formatter;
using Palisade.Logging;
using Palisade.Tests.TestSupport;

namespace Palisade.Tests.Edge;

/// <summary>Identity on is the shipped default; anonymous mode must be asked for and is announced.</summary>
public sealed class IdentityModeTests
{
    [Fact]
    public async Task Anonymous_client_is_refused_when_identity_is_left_at_its_default()
    {
        // Remove the fixture's anonymous override so the product default applies.
        await using var server = await PalisadeServerFixture.StartAsync(o => o.Settings["Palisade:Identity:Enabled"] = null);
        using var client = new MqttClientFactory().CreateMqttClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        var result = await client.ConnectAsync(server.TlsClientOptions(MqttProtocolVersion.V500, "anonymous").Build(), timeout.Token);

        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, result.ResultCode);
        Assert.DoesNotContain(server.Logs, l => l.EventId.Id == LogEventIds.IdentityDisabled);
    }

    [Fact]
    public async Task Anonymous_mode_logs_a_warning_at_start()
    {
        await using var server = await PalisadeServerFixture.StartAsync(o => o.Settings["Palisade:Identity:Enabled"] = "false");

        Assert.Contains(server.Logs, l => l.EventId.Id == LogEventIds.IdentityDisabled && l.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
    }
}
