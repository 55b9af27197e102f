using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Palisade.Infrastructure.Telemetry;
using static Palisade.Tests.Infrastructure.Telemetry.TelemetryTestData;

namespace Palisade.Tests.Infrastructure.Telemetry;

/// <summary>
/// Issue 5 acceptance: a publisher streams QoS 1 into the real <c>palisade serve</c> (a child process), the process is
/// killed with SIGKILL mid-stream and restarted on the same data folder, twice; every message whose PUBACK the
/// publisher received is in telemetry.db exactly once.
/// </summary>
public sealed class KillNineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private const int Publishers = 32;

    [Fact]
    public async Task Every_acknowledged_QoS1_message_survives_two_SIGKILLs_exactly_once()
    {
        using var temp = new TempDirectory();
        var acknowledged = new ConcurrentDictionary<long, byte>();
        long counter = 0;

        for (var round = 1; round <= 3; round++)
        {
            using var server = StartServe(temp.Path, temp.Data);
            try
            {
                var port = await WaitForPortAsync(Path.Combine(temp.Data, "ports.json"), server);
                using var client = new MqttClientFactory().CreateMqttClient();
                using var connectTimeout = new CancellationTokenSource(Timeout);
                await client.ConnectAsync(new MqttClientOptionsBuilder()
                    .WithTcpServer("127.0.0.1", port)
                    .WithProtocolVersion(MqttProtocolVersion.V500)
                    .WithClientId($"crash-publisher-{round}")
                    .WithTimeout(TimeSpan.FromSeconds(10))
                    .Build(), connectTimeout.Token);

                using var stop = new CancellationTokenSource(Timeout);
                var before = acknowledged.Count;
                var streams = Enumerable.Range(0, Publishers).Select(_ => StreamAsync(client, () => Interlocked.Increment(ref counter), acknowledged, stop.Token)).ToArray();

                // Mid-stream: once this round has acknowledgements, while every publisher still has one in flight.
                await WaitUntilAsync(() => acknowledged.Count >= before + 500 || streams.Any(s => s.IsFaulted));
                Assert.DoesNotContain(streams, s => s.IsFaulted);
                if (round < 3)
                {
                    server.Kill(); // SIGKILL on Linux
                }
                else
                {
                    // The last start proves the store recovered; stop gracefully so the file is checkpointed.
                    await stop.CancelAsync();
                    await Task.WhenAll(streams);
                    using var term = Process.Start("kill", ["-TERM", server.Id.ToString(CultureInfo.InvariantCulture)]);
                    await term.WaitForExitAsync();
                }

                await server.WaitForExitAsync().WaitAsync(Timeout);
                await stop.CancelAsync();
                await Task.WhenAll(streams).WaitAsync(Timeout);
                Assert.True(acknowledged.Count > before, $"round {round}: nothing was acknowledged");
                if (round < 3)
                {
                    // A killed server leaves its ports file behind; the next start writes its own.
                    File.Delete(Path.Combine(temp.Data, "ports.json"));
                }
            }
            finally
            {
                if (!server.HasExited)
                {
                    server.Kill(entireProcessTree: true);
                }
            }
        }

        var stored = ReadRows(Path.Combine(temp.Data, TelemetrySchema.FileName))
            .Select(r => long.Parse(r.Payload, CultureInfo.InvariantCulture))
            .GroupBy(n => n)
            .ToDictionary(g => g.Key, g => g.Count());
        var missing = acknowledged.Keys.Where(n => !stored.ContainsKey(n)).Order().Take(10).ToList();
        var doubled = acknowledged.Keys.Where(n => stored.TryGetValue(n, out var c) && c > 1).Order().Take(10).ToList();
        Assert.True(missing.Count == 0, $"acknowledged but not stored: {string.Join(", ", missing)} (of {acknowledged.Count})");
        Assert.True(doubled.Count == 0, $"stored more than once: {string.Join(", ", doubled)}");
        // Nothing was resent in this test, so nothing at all is stored twice either.
        Assert.All(stored.Values, c => Assert.Equal(1, c));
    }

    /// <summary>One publisher task: sends unique counters at QoS 1 and records each one whose PUBACK said success.</summary>
    private static async Task StreamAsync(IMqttClient client, Func<long> next, ConcurrentDictionary<long, byte> acknowledged, CancellationToken cancellationToken)
    {
        // Bounded: by the token (at most Timeout) and by the connection, which the kill ends.
        while (!cancellationToken.IsCancellationRequested && client.IsConnected)
        {
            var n = next();
            var message = new MqttApplicationMessageBuilder()
                .WithTopic("p/acme/d/press-1/telemetry/counter")
                .WithPayload(Encoding.UTF8.GetBytes(n.ToString(CultureInfo.InvariantCulture)))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            try
            {
                var result = await client.PublishAsync(message, cancellationToken);
                if (result.ReasonCode == MqttClientPublishReasonCode.Success)
                {
                    acknowledged.TryAdd(n, 0);
                }
            }
#pragma warning disable CA1031 // The server is killed under it: any failure means "not acknowledged", which is the point.
            catch (Exception)
#pragma warning restore CA1031
            {
                return;
            }
        }
    }

    private static Process StartServe(string workingDirectory, string dataDirectory)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "palisade.dll"));
        info.ArgumentList.Add("serve");
        info.ArgumentList.Add("--data");
        info.ArgumentList.Add(dataDirectory);
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("PALISADE__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["PALISADE__LISTENERS__TLS__ENABLED"] = "false";
        info.Environment["PALISADE__LISTENERS__WEBSOCKET__ENABLED"] = "false";
        info.Environment["PALISADE__LISTENERS__HTTP__PORT"] = "0";
        info.Environment["PALISADE__LISTENERS__PLAINTCP__ENABLED"] = "true";
        info.Environment["PALISADE__LISTENERS__PLAINTCP__PORT"] = "0";
        info.Environment["PALISADE__IDENTITY__ENABLED"] = "false"; // anonymous publisher; the store is what is tested
        info.Environment["PALISADE__TELEMETRY__STORE"] = "sqlite";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start palisade");
        // Drain its output so a full pipe can never stall it.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<int> WaitForPortAsync(string portsFile, Process process)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            if (File.Exists(portsFile))
            {
                try
                {
                    using var json = JsonDocument.Parse(await File.ReadAllTextAsync(portsFile));
                    return json.RootElement.GetProperty("tcp").GetProperty("port").GetInt32();
                }
                catch (Exception ex) when (ex is JsonException or IOException)
                {
                    // Being written; read again.
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"palisade did not write {portsFile} (exited: {process.HasExited}).");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(5);
        }
    }
}
