using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Palisade.Tests.TestSupport;

/// <summary>
/// Runs the real mosquitto_pub / mosquitto_sub binaries against a test server over TLS (its server.crt as --cafile).
/// Every run is bounded: mosquitto_sub gets -W (seconds) and, where known, -C (count); waits here have timeouts and
/// a process still running at dispose is killed. A missing binary FAILS the test (CI installs mosquitto-clients).
/// </summary>
internal sealed class MosquittoClient : IAsyncDisposable
{
    /// <summary>mosquitto_sub output format: message lines are <c>MSG|topic|payload|retain|qos</c>, so they cannot be
    /// confused with the -d debug lines.</summary>
    public const string MessageFormat = "MSG|%t|%p|%r|%q";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _error = new();
    private readonly string _description;
    private event Action<string>? LineReceived;

    private MosquittoClient(Process process, string description)
    {
        _process = process;
        _description = description;
    }

    /// <summary>Stdout lines so far.</summary>
    public IReadOnlyList<string> Output => _output.ToArray();

    /// <summary>Received messages parsed from <see cref="MessageFormat"/> lines.</summary>
    public IReadOnlyList<ReceivedMessage> Messages =>
        Output.Where(l => l.StartsWith("MSG|", StringComparison.Ordinal)).Select(ReceivedMessage.Parse).ToList();

    public string Error => string.Join(Environment.NewLine, _error);

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    /// <summary>Path of a mosquitto tool on PATH; throws (failing the test) when it is not installed.</summary>
    public static string Locate(string tool)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException(
            $"{tool} is not installed (not found on PATH). Install the mosquitto-clients package (apt-get install mosquitto-clients); .ci/run does this.");
    }

    /// <summary>Host, port and CA file for TLS to <paramref name="server"/>; <paramref name="version"/> is mqttv311 or mqttv5.</summary>
    public static List<string> TlsArguments(PalisadeServerFixture server, string version = "mqttv5", string host = "127.0.0.1") =>
        ["-h", host, "-p", server.TlsPort.ToString(CultureInfo.InvariantCulture), "--cafile", server.CertificatePath, "-V", version];

    public static MosquittoClient Start(string tool, IEnumerable<string> arguments, string? standardInput = null)
    {
        // Through `stdbuf -oL` (coreutils): piped stdout is block-buffered, and mosquitto_sub's -d lines (the SUBACK
        // that says it is subscribed) would otherwise arrive only when it exits. stdbuf execs the tool in place, so
        // the process id (and the SIGKILL of will tests) is the tool's own.
        var info = new ProcessStartInfo(Locate("stdbuf"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-oL");
        info.ArgumentList.Add(Locate(tool));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var client = new MosquittoClient(process, string.Join(' ', info.ArgumentList.Skip(1)));
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                client._output.Enqueue(e.Data);
                client.LineReceived?.Invoke(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                client._error.Enqueue(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }
        return client;
    }

    /// <summary>Runs a tool to completion (bounded) and returns its exit code.</summary>
    public static async Task<(int ExitCode, MosquittoClient Client)> RunAsync(string tool, IEnumerable<string> arguments, TimeSpan timeout, string? standardInput = null)
    {
        var client = Start(tool, arguments, standardInput);
        var exitCode = await client.WaitForExitAsync(timeout);
        return (exitCode, client);
    }

    /// <summary>mosquitto_pub over TLS; asserts it exited 0.</summary>
    public static async Task PublishAsync(PalisadeServerFixture server, string topic, string payload, int qos = 1, bool retain = false, string version = "mqttv5")
    {
        var arguments = TlsArguments(server, version);
        arguments.AddRange(["-t", topic, "-q", qos.ToString(CultureInfo.InvariantCulture)]);
        if (payload.Length == 0)
        {
            arguments.Add("-n");
        }
        else
        {
            arguments.AddRange(["-m", payload]);
        }
        if (retain)
        {
            arguments.Add("-r");
        }
        var (exitCode, client) = await RunAsync("mosquitto_pub", arguments, TimeSpan.FromSeconds(15));
        await using (client)
        {
            Assert.True(exitCode == 0, $"mosquitto_pub exited {exitCode}: {client.Error}");
        }
    }

    /// <summary>Starts mosquitto_sub over TLS with -d (to see the SUBACK), bounded by -W, and waits until it is subscribed.</summary>
    public static async Task<MosquittoClient> SubscribeAsync(
        PalisadeServerFixture server, IEnumerable<string> topics, int qos = 1, int? count = null, int timeoutSeconds = 10,
        string version = "mqttv5", IEnumerable<string>? extraArguments = null)
    {
        var arguments = TlsArguments(server, version);
        foreach (var topic in topics)
        {
            arguments.AddRange(["-t", topic]);
        }
        arguments.AddRange(["-q", qos.ToString(CultureInfo.InvariantCulture), "-W", timeoutSeconds.ToString(CultureInfo.InvariantCulture), "-F", MessageFormat, "-d"]);
        if (count is not null)
        {
            arguments.AddRange(["-C", count.Value.ToString(CultureInfo.InvariantCulture)]);
        }
        if (extraArguments is not null)
        {
            arguments.AddRange(extraArguments);
        }
        var client = Start("mosquitto_sub", arguments);
        await client.WaitForLineAsync(l => l.StartsWith("Subscribed (mid", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        return client;
    }

    /// <summary>Waits for an output line matching <paramref name="predicate"/>; fails with the process's output when it does not come.</summary>
    public async Task WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string line)
        {
            if (predicate(line))
            {
                seen.TrySetResult();
            }
        }
        LineReceived += OnLine;
        try
        {
            if (Output.Any(predicate))
            {
                return;
            }
            try
            {
                await Task.WhenAny(seen.Task, _process.WaitForExitAsync()).WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                // Reported below with the process's output.
            }
            if (!Output.Any(predicate))
            {
                throw new TimeoutException($"'{_description}' did not print the expected line (exited: {_process.HasExited}).{Environment.NewLine}stdout:{Environment.NewLine}{string.Join(Environment.NewLine, Output)}{Environment.NewLine}stderr:{Environment.NewLine}{Error}");
            }
        }
        finally
        {
            LineReceived -= OnLine;
        }
    }

    /// <summary>Waits (bounded) for the process to exit; kills it and fails on timeout.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"'{_description}' did not exit within {timeout}. stdout: {string.Join(" / ", Output)} stderr: {Error}");
        }
        // Flush the asynchronous output readers.
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the client vanishes without DISCONNECT, as a device losing power would.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
        }
        _process.Dispose();
    }
}

/// <summary>One message as mosquitto_sub printed it.</summary>
internal sealed record ReceivedMessage(string Topic, string Payload, bool Retained, int QoS)
{
    public static ReceivedMessage Parse(string line)
    {
        var parts = line.Split('|');
        return new ReceivedMessage(parts[1], parts[2], parts[3] == "1", int.Parse(parts[4], CultureInfo.InvariantCulture));
    }
}
