using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Formatter;
using Palisade.Tests.TestSupport;

namespace Palisade.Tests.Hosting;

/// <summary>`palisade serve` as a real child process: what an operator or a service manager sees.</summary>
public sealed class ServeProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sigterm_disconnects_MQTT5_clients_with_server_shutting_down_and_exits_0_with_json_logs()
    {
        var root = Directory.CreateTempSubdirectory("palisade-serve-");
        var dataDirectory = Path.Combine(root.FullName, "data");
        using var process = StartServe(root.FullName, dataDirectory, new Dictionary<string, string>
        {
            ["PALISADE__LISTENERS__TLS__PORT"] = "0",
            ["PALISADE__LISTENERS__WEBSOCKET__PORT"] = "0",
            ["PALISADE__LISTENERS__HTTP__PORT"] = "0",
            ["PALISADE__LOGGING__JSON"] = "true",
            ["PALISADE__IDENTITY__ENABLED"] = "false", // anonymous MQTT clients below
        });
        var stdout = new List<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stdout)
                {
                    stdout.Add(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var tlsPort = await WaitForPortAsync(Path.Combine(dataDirectory, "ports.json"), "tls", process);
            using var client = new MqttClientFactory().CreateMqttClient();
            var disconnected = new TaskCompletionSource<MqttClientDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
            client.DisconnectedAsync += e =>
            {
                disconnected.TrySetResult(e);
                return Task.CompletedTask;
            };
            var trust = ServerTrust.Only(Path.Combine(dataDirectory, "server.crt"));
            using var timeout = new CancellationTokenSource(Timeout);
            await client.ConnectAsync(new MqttClientOptionsBuilder()
                .WithTcpServer("127.0.0.1", tlsPort)
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .WithClientId("sigterm-probe")
                .WithTlsOptions(tls => tls.UseTls().WithTargetHost("localhost")
                    .WithCertificateValidationHandler(a => trust(client, a.Certificate, a.Chain, a.SslPolicyErrors)))
                .Build(), timeout.Token);

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(timeout.Token);
            }

            var args = await disconnected.Task.WaitAsync(timeout.Token);
            Assert.Equal(MqttClientDisconnectReason.ServerShuttingDown, args.Reason);
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
            Assert.False(File.Exists(Path.Combine(dataDirectory, "ports.json")));

            string[] lines;
            lock (stdout)
            {
                lines = [.. stdout];
            }
            Assert.NotEmpty(lines);
            foreach (var line in lines)
            {
                using var json = JsonDocument.Parse(line); // every log line is one JSON object
                Assert.True(json.RootElement.TryGetProperty("EventId", out _));
            }
            Assert.Contains(lines, l => l.Contains("\"EventId\":1002", StringComparison.Ordinal)); // HostStopped
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Invalid_configuration_exits_2_with_the_option_named_on_stderr()
    {
        var root = Directory.CreateTempSubdirectory("palisade-serve-");
        using var process = StartServe(root.FullName, Path.Combine(root.FullName, "data"), new Dictionary<string, string>
        {
            ["PALISADE__LISTENERS__WEBSOCKET__PATH"] = "mqtt-without-slash",
        });
        try
        {
            var stderr = process.StandardError.ReadToEndAsync();
            process.BeginOutputReadLine();
            using var timeout = new CancellationTokenSource(Timeout);
            await process.WaitForExitAsync(timeout.Token);

            Assert.Equal(2, process.ExitCode);
            Assert.Contains("Palisade:Listeners:WebSocket:Path", await stderr, StringComparison.Ordinal);
            Assert.Contains("PALISADE__LISTENERS__WEBSOCKET__PATH", await stderr, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            root.Delete(recursive: true);
        }
    }

    private static Process StartServe(string workingDirectory, string dataDirectory, Dictionary<string, string> environment)
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
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        return Process.Start(info) ?? throw new InvalidOperationException("could not start palisade");
    }

    private static async Task<int> WaitForPortAsync(string portsFile, string listener, Process process)
    {
        // Bounded poll: at most Timeout, every 100 ms, and stop early if the server died.
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            if (File.Exists(portsFile))
            {
                using var json = JsonDocument.Parse(await File.ReadAllTextAsync(portsFile));
                return json.RootElement.GetProperty(listener).GetProperty("port").GetInt32();
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"palisade did not write {portsFile} (exited: {process.HasExited}).");
    }
}
