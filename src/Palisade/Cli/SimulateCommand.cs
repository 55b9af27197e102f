using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Palisade.Mqtt;
using Palisade.Simulation;

namespace Palisade.Cli;

/// <summary>
/// <c>palisade simulate</c>: N devices of one participant publishing realistic factory telemetry (machine states,
/// temperatures, vibration, part counters) to a Palisade (or any MQTT) server, sealed and sequenced with their envelope
/// keys when given, with optional deliberate misbehaviour (replay, tamper, stale, malformed, oversize, flood) to show
/// admission at work. Prints what was sent and how the broker answered each kind; <c>--json</c> for scripts.
/// Exit 0 after the run, 1 when no device could connect, 2 for bad options (the message names the option or file).
/// </summary>
internal static class SimulateCommand
{
    private const int NoDeviceConnected = 1;
    private const int BadInput = 2;

    internal static Command Create()
    {
        var participant = new Option<string>("--participant") { Description = "Participant the devices belong to", Required = true };
        var devices = new Option<string?>("--devices") { Description = "Folder with <device>.crt and <device>.key (as written by `palisade device add --out`); each pair is one device" };
        var count = new Option<int?>("--count") { Description = "Use only the first N devices of --devices (by id); with --plain-tcp and no --devices, N anonymous devices sim-0001..." };
        var keys = new Option<string?>("--keys") { Description = "Folder with envelope keys (as written by `palisade device key add --out`); devices with a key seal every message" };
        var server = new Option<string>("--server") { Description = "host:port of the MQTT listener", DefaultValueFactory = _ => "127.0.0.1:8883" };
        var serverCert = new Option<string?>("--server-cert") { Description = "Trust only this certificate (PEM): Palisade's server certificate or its CA" };
        var plainTcp = new Option<bool>("--plain-tcp") { Description = "Connect without TLS (only to a listener that allows it)" };
        var mqtt = new Option<string>("--mqtt") { Description = "Protocol version: 5 or 3.1.1 (3.1.1 uses the compact envelope)", DefaultValueFactory = _ => "5" };
        mqtt.AcceptOnlyFromAmong("5", "3.1.1");
        var qos = new Option<int>("--qos") { Description = "QoS of telemetry: 0 or 1 (1 shows each refusal's reason code over MQTT 5)", DefaultValueFactory = _ => 1 };
        qos.AcceptOnlyFromAmong("0", "1");
        var rate = new Option<double>("--rate") { Description = "Telemetry messages per second per device", DefaultValueFactory = _ => 1.0 };
        var duration = new Option<string?>("--duration") { Description = "How long to run, e.g. 30s, 5m, 1h (default: until --messages)" };
        var messages = new Option<int?>("--messages") { Description = "Telemetry messages per device (default 30 when no --duration)" };
        var misbehave = new Option<string[]>("--misbehave") { Description = "Deliberate misbehaviour, comma-separated: replay, tamper, stale, malformed, oversize, flood", AllowMultipleArgumentsPerToken = true };
        var every = new Option<int>("--misbehave-every") { Description = "Replace every K-th telemetry message by the next misbehaviour", DefaultValueFactory = _ => 10 };
        var floodBurst = new Option<int>("--flood-burst") { Description = "Messages in one flood burst", DefaultValueFactory = _ => 500 };
        var seed = new Option<int>("--seed") { Description = "Seed of the machine models (same seed, same telemetry)", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };

        var command = new Command("simulate", "Simulate a participant's devices: realistic telemetry, sealed and sequenced, with optional misbehaviour")
        {
            participant, devices, count, keys, server, serverCert, plainTcp, mqtt, qos, rate, duration, messages, misbehave, every, floodBurst, seed, json,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var output = parse.InvocationConfiguration.Output;
            SimulationSettings settings;
            IReadOnlyList<SimulatedDeviceIdentity> identities;
            try
            {
                var endpoint = ParseEndpoint(parse.GetValue(server)!, parse.GetValue(plainTcp), parse.GetValue(serverCert));
                var version = parse.GetValue(mqtt) == "3.1.1" ? MqttProtocolVersion.V311 : MqttProtocolVersion.V500;
                var perSecond = parse.GetValue(rate);
                if (!(perSecond > 0 && perSecond <= 10_000))
                {
                    throw new SimulateInputException("--rate", "must be > 0 and <= 10000 messages per second");
                }

                var runFor = parse.GetValue(duration) is { } text ? ParseDuration(text) : (TimeSpan?)null;
                var perDevice = parse.GetValue(messages) ?? (runFor is null ? 30 : int.MaxValue);
                if (perDevice <= 0)
                {
                    throw new SimulateInputException("--messages", "must be at least 1");
                }

                var kinds = ParseMisbehaviours(parse.GetValue(misbehave) ?? []);
                if (parse.GetValue(every) < 1)
                {
                    throw new SimulateInputException("--misbehave-every", "must be at least 1");
                }

                if (parse.GetValue(floodBurst) is < 1 or > 1_000_000)
                {
                    throw new SimulateInputException("--flood-burst", "must be between 1 and 1000000");
                }

                identities = SimulationIdentities.Load(parse.GetValue(devices), parse.GetValue(keys), parse.GetValue(count), endpoint.PlainTcp);
                if (kinds.Any(k => k is Misbehaviour.Replay or Misbehaviour.Tamper or Misbehaviour.Stale) && identities.All(i => i.Signer is null))
                {
                    throw new SimulateInputException("--misbehave", "replay, tamper and stale need sealed messages: give --keys with the devices' envelope keys");
                }

                settings = new SimulationSettings(parse.GetValue(participant)!, endpoint, version,
                    parse.GetValue(qos) == 1 ? QualityOfService.AtLeastOnce : QualityOfService.AtMostOnce,
                    perSecond, runFor, perDevice, kinds, parse.GetValue(every), parse.GetValue(floodBurst), parse.GetValue(seed));
            }
            catch (SimulateInputException ex)
            {
                await error.WriteLineAsync($"simulate: {ex.Option}: {ex.Message}").ConfigureAwait(false);
                return BadInput;
            }

            var tally = new SimulationTally();
            var started = TimeProvider.System.GetTimestamp();
            var runs = identities.Select((identity, index) => new SimulatedDevice(settings, identity, index, tally, TimeProvider.System).RunAsync(cancellationToken));
            try
            {
                await Task.WhenAll(runs).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: report what happened so far.
            }

            var elapsed = TimeProvider.System.GetElapsedTime(started);
            await output.WriteAsync(parse.GetValue(json) ? SimulationReport.Json(settings, identities.Count, tally, elapsed) : SimulationReport.Text(settings, identities.Count, tally, elapsed)).ConfigureAwait(false);
            return tally.DevicesConnected == 0 ? NoDeviceConnected : 0;
        });
        return command;
    }

    private static SimulatorEndpoint ParseEndpoint(string text, bool plainTcp, string? serverCertPath)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new SimulateInputException("--server", $"'{text}' is not host:port");
        }

        X509Certificate2? trusted = null;
        if (serverCertPath is not null)
        {
            try
            {
                trusted = X509CertificateLoader.LoadCertificateFromFile(serverCertPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                throw new SimulateInputException("--server-cert", $"{serverCertPath}: not a readable PEM certificate ({ex.Message})");
            }
        }

        return new SimulatorEndpoint(text[..colon].Trim('[', ']'), port, plainTcp, trusted);
    }

    internal static TimeSpan ParseDuration(string text)
    {
        var unit = text.Length > 0 ? text[^1] : ' ';
        var multiplier = unit switch { 's' => 1, 'm' => 60, 'h' => 3600, _ => 0 };
        if (multiplier == 0 || !double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            throw new SimulateInputException("--duration", $"'{text}' is not a duration such as 30s, 5m or 1h");
        }

        return TimeSpan.FromSeconds(value * multiplier);
    }

    internal static IReadOnlyList<Misbehaviour> ParseMisbehaviours(IEnumerable<string> values)
    {
        var kinds = new List<Misbehaviour>();
        foreach (var name in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            kinds.Add(name.ToLowerInvariant() switch
            {
                "replay" => Misbehaviour.Replay,
                "tamper" => Misbehaviour.Tamper,
                "stale" => Misbehaviour.Stale,
                "malformed" => Misbehaviour.Malformed,
                "oversize" => Misbehaviour.Oversize,
                "flood" => Misbehaviour.Flood,
                _ => throw new SimulateInputException("--misbehave", $"unknown kind '{name}' (replay, tamper, stale, malformed, oversize, flood)"),
            });
        }

        return kinds;
    }
}
