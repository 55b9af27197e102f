using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Palisade.LoadGen.Tests;

/// <summary>
/// The generator against a real, independent broker (Mosquitto, installed by CI): a short run must deliver every
/// QoS 1 message, connect the whole idle fleet and read the broker's memory. Nothing about speed is asserted.
/// </summary>
public sealed class MosquittoRunTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("loadgen-mosquitto-").FullName;
    private Process? _mosquitto;
    private int _port;

    public async Task InitializeAsync()
    {
        var binary = new[] { "/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("mosquitto is not installed (apt-get install mosquitto); CI installs it.");
        _port = FreePort();
        var config = Path.Combine(_directory, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"persistence false\nlistener {_port} 127.0.0.1\nallow_anonymous true\nmax_connections -1\n");
        _mosquitto = Process.Start(new ProcessStartInfo(binary, ["-c", config]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, _port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_mosquitto.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_mosquitto is { HasExited: false })
        {
            _mosquitto.Kill();
            await _mosquitto.WaitForExitAsync();
        }

        _mosquitto?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Qos1_run_delivers_every_message_and_connects_the_idle_fleet(int protocol)
    {
        var options = new LoadGenOptions
        {
            Port = _port,
            Protocol = protocol,
            Qos = 1,
            Idle = 50,
            Subscribers = 2,
            Duration = 1,
            Warmup = 0.5,
            Settle = 0.2,
            EndToEndWindow = 500,
            BrokerPid = _mosquitto!.Id,
        };
        using var run = new BenchmarkRun(options, TextWriter.Null);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var result = await run.ExecuteAsync(timeout.Token);

        Assert.Empty(result.Problems);
        Assert.NotNull(result.Delivery);
        Assert.True(result.Delivery.Sent > 0);
        Assert.Equal(result.Delivery.Sent * 2, result.Delivery.Received);
        Assert.True(result.Throughput!.DeliveredPerS > 0);
        Assert.NotNull(result.Latency);
        Assert.Equal(50, result.Idle!.Connected);
        Assert.Equal(0, result.Idle.DroppedDuringRun);
        Assert.NotNull(result.BrokerMemory!.RssAfterIdleKib);
    }

    [Fact]
    public async Task Refused_idle_connections_are_counted_by_cause()
    {
        // Nothing listens on this port: every connect is refused, and the run says so instead of failing silently.
        var options = new LoadGenOptions { Port = FreePort(), Idle = 5, Publishers = 0, Subscribers = 0, Duration = 0.1, Settle = 0 };
        using var run = new BenchmarkRun(options, TextWriter.Null);

        var result = await run.ExecuteAsync(CancellationToken.None);

        Assert.Equal(0, result.Idle!.Connected);
        Assert.Equal(5, result.Idle.Failed);
        var error = Assert.Single(result.Idle.Errors);
        Assert.Equal("socket: ConnectionRefused", error.Error);
        Assert.NotEmpty(result.Problems);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
