using System.CommandLine;
using System.Text.Json;
using Palisade.LoadGen.Reporting;

namespace Palisade.LoadGen;

/// <summary>The <c>palisade-loadgen</c> command line.</summary>
internal static class LoadGenCommand
{
    public static RootCommand Create()
    {
        var host = new Option<string>("--host") { Description = "Broker address or name.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Broker port.", DefaultValueFactory = _ => 1883 };
        var tls = new Option<bool>("--tls") { Description = "Connect with TLS." };
        var caFile = new Option<string?>("--cafile") { Description = "PEM file of CA certificates that sign the broker's certificate." };
        var insecure = new Option<bool>("--insecure") { Description = "Accept any broker certificate (self-signed test brokers only)." };
        var serverName = new Option<string?>("--server-name") { Description = "TLS server name to verify (default: --host)." };
        var cert = new Option<string?>("--cert") { Description = "PEM client certificate for mutual TLS." };
        var key = new Option<string?>("--key") { Description = "PEM private key of --cert (if not in the same file)." };
        var user = new Option<string?>("--username") { Description = "MQTT user name for every connection." };
        var password = new Option<string?>("--password") { Description = "MQTT password for every connection." };
        var certDir = new Option<string?>("--cert-dir") { Description = "Mutual TLS for the idle fleet: idle device i presents DIR/dev{i}.crt with DIR/dev{i}.key and uses client id dev{i} (no prefix)." };
        var pubCert = new Option<string?>("--pub-cert") { Description = "PEM client certificate of the publishers (instead of --cert)." };
        var pubKey = new Option<string?>("--pub-key") { Description = "PEM private key of --pub-cert." };
        var pubClientId = new Option<string?>("--pub-client-id") { Description = "Exact client id of the publisher (needs --publishers 1)." };
        var subCert = new Option<string?>("--sub-cert") { Description = "PEM client certificate of the subscribers (instead of --cert)." };
        var subKey = new Option<string?>("--sub-key") { Description = "PEM private key of --sub-cert." };
        var subClientId = new Option<string?>("--sub-client-id") { Description = "Exact client id of the subscriber (needs --subscribers 1)." };
        var subUser = new Option<string?>("--sub-username") { Description = "MQTT user name of the subscribers (instead of --username); with it and no --sub-cert the subscribers present no certificate." };
        var subPassword = new Option<string?>("--sub-password") { Description = "MQTT password of the subscribers." };
        var pubCertDir = new Option<string?>("--pub-cert-dir") { Description = "Mutual TLS for the publishers: publisher i is device --pub-id-format formatted with i, presenting DIR/{id}.crt with DIR/{id}.key, client id {id}." };
        var pubIdFormat = new Option<string>("--pub-id-format") { Description = "Device id of publisher {0} with --pub-cert-dir.", DefaultValueFactory = _ => "pub{0}" };
        var subTopic = new Option<string?>("--sub-topic") { Description = "Subscribers' filter (default: --topic with {id} replaced by '+')." };
        var payloadKind = new Option<string>("--payload-kind") { Description = "binary (timestamp + filler, --payload bytes) or telemetry (a JSON machine reading valid against samples/schemas/telemetry.schema.json; --payload ignored).", DefaultValueFactory = _ => "binary" };
        payloadKind.AcceptOnlyFromAmong("binary", "telemetry");
        var envelope = new Option<string>("--envelope") { Description = "Integrity envelope of docs/admission.md on every publish: none, properties (MQTT 5.0 user properties) or prefix (compact binary prefix), HMAC-SHA256.", DefaultValueFactory = _ => "none" };
        envelope.AcceptOnlyFromAmong("none", "properties", "prefix");
        var keyDir = new Option<string?>("--key-dir") { Description = "Envelope keys: the publisher with client id X reads DIR/X.hmac (one line 'KID SECRET', secret hex or base64)." };
        var seqStart = new Option<ulong?>("--seq-start") { Description = "First envelope sequence number (default: the current Unix time in microseconds, so it grows across runs)." };
        var controlRate = new Option<double>("--control-rate") { Description = "Control commands per second from one application to idle devices 0..--control-devices-1 (0 = none); their latency is reported.", DefaultValueFactory = _ => 0 };
        var controlDevices = new Option<int>("--control-devices") { Description = "Idle devices that receive the commands, round robin.", DefaultValueFactory = _ => 10 };
        var controlTopic = new Option<string>("--control-topic") { Description = "Command topic of device {0} (the idle topic must match it).", DefaultValueFactory = _ => "p/bench/d/dev{0}/commands/setpoint" };
        var controlQos = new Option<int>("--control-qos") { Description = "QoS of the commands.", DefaultValueFactory = _ => 1 };
        controlQos.AcceptOnlyFromAmong("0", "1");
        var ctlClientId = new Option<string?>("--ctl-client-id") { Description = "Client id of the control application." };
        var ctlCert = new Option<string?>("--ctl-cert") { Description = "PEM client certificate of the control application." };
        var ctlKey = new Option<string?>("--ctl-key") { Description = "PEM private key of --ctl-cert." };
        var ctlUser = new Option<string?>("--ctl-username") { Description = "MQTT user name of the control application (without --ctl-cert: no certificate)." };
        var ctlPassword = new Option<string?>("--ctl-password") { Description = "MQTT password of the control application." };
        var protocol = new Option<int>("--protocol") { Description = "MQTT protocol level: 4 (3.1.1) or 5 (5.0).", DefaultValueFactory = _ => 4 };
        protocol.AcceptOnlyFromAmong("4", "5");
        var qos = new Option<int>("--qos") { Description = "QoS of publishes and subscriptions: 0 or 1.", DefaultValueFactory = _ => 0 };
        qos.AcceptOnlyFromAmong("0", "1");
        var payload = new Option<int>("--payload") { Description = "Payload bytes (at least 8: the send timestamp).", DefaultValueFactory = _ => 100 };
        var publishers = new Option<int>("--publishers") { Description = "Publishing connections (all on --topic).", DefaultValueFactory = _ => 1 };
        var subscribers = new Option<int>("--subscribers") { Description = "Subscribing connections on --topic (fan-out).", DefaultValueFactory = _ => 1 };
        var idle = new Option<int>("--idle") { Description = "Idle devices to connect first, each subscribed to its own command topic.", DefaultValueFactory = _ => 0 };
        var idleOffset = new Option<int>("--idle-offset") { Description = "Idle device i is dev{i + N}: leaves dev0..dev{N-1} to another generator process (e.g. a separate control-latency probe).", DefaultValueFactory = _ => 0 };
        var duration = new Option<double>("--duration") { Description = "Measured seconds.", DefaultValueFactory = _ => 10 };
        var warmup = new Option<double>("--warmup") { Description = "Seconds of publishing before measuring.", DefaultValueFactory = _ => 2 };
        var inflight = new Option<int>("--inflight") { Description = "QoS 1: unacknowledged PUBLISHes allowed per publisher.", DefaultValueFactory = _ => 1000 };
        var e2eWindow = new Option<int>("--e2e-window") { Description = "Messages allowed between publish and delivery to every subscriber (0 = no limit): measures the rate a broker sustains without dropping.", DefaultValueFactory = _ => 0 };
        var rate = new Option<double>("--rate") { Description = "Total publish rate in msg/s across publishers; 0 = as fast as the broker takes it.", DefaultValueFactory = _ => 0 };
        var batch = new Option<int>("--batch") { Description = "PUBLISHes written per flush.", DefaultValueFactory = _ => 128 };
        var presign = new Option<int>("--presign") { Description = "Packets each publisher of JSON or signed load encodes before the load starts (the devices' signing cost stays off the shared cores; end-to-end latency is then not measured); 0 = encode while sending.", DefaultValueFactory = _ => 0 };
        var topic = new Option<string>("--topic") { Description = "Topic of the load.", DefaultValueFactory = _ => "p/bench/load" };
        var idleTopic = new Option<string>("--idle-topic") { Description = "Command topic of idle device {0}.", DefaultValueFactory = _ => "p/bench/d/dev{0}/commands" };
        var prefix = new Option<string?>("--client-id-prefix") { Description = "Client identifier prefix (default: lg<pid>-)." };
        var concurrency = new Option<int>("--connect-concurrency") { Description = "Connections being opened at once.", DefaultValueFactory = _ => 200 };
        var connectTimeout = new Option<double>("--connect-timeout") { Description = "Seconds allowed for TCP, TLS, CONNACK and SUBACK of one connection.", DefaultValueFactory = _ => 15 };
        var sources = new Option<int>("--source-addresses") { Description = "Bind connections round-robin to 127.0.0.1..N (more ephemeral ports for big fleets).", DefaultValueFactory = _ => 1 };
        var brokerPid = new Option<int?>("--broker-pid") { Description = "Broker process id: report its RSS around the idle fleet and its CPU use (Linux /proc)." };
        var settle = new Option<double>("--settle") { Description = "Seconds to wait after the idle fleet connected before reading the broker's RSS.", DefaultValueFactory = _ => 2 };
        var drain = new Option<double>("--drain") { Description = "Seconds allowed after publishing stops for acknowledgements and deliveries to arrive.", DefaultValueFactory = _ => 3 };
        var keepAlive = new Option<int>("--keepalive") { Description = "Keep alive seconds in CONNECT (quiet connections ping at half of it).", DefaultValueFactory = _ => 120 };
        var json = new Option<bool>("--json") { Description = "Write the result as JSON on standard output (progress goes to standard error)." };
        var output = new Option<string?>("--output") { Description = "Also write the JSON result to this file." };
        var label = new Option<string?>("--label") { Description = "Broker label recorded in the result." };
        var scenario = new Option<string?>("--scenario") { Description = "Scenario name recorded in the result." };

        var root = new RootCommand("palisade-loadgen: MQTT load generator for any broker (throughput, end-to-end latency, fan-out, idle fleets).")
        {
            host, port, tls, caFile, insecure, serverName, cert, key, user, password, protocol, qos, payload, publishers, subscribers,
            idle, duration, warmup, inflight, e2eWindow, rate, batch, presign, topic, idleTopic, prefix, concurrency, connectTimeout, sources, brokerPid,
            settle, drain, keepAlive, json, output, label, scenario,
            certDir, pubCert, pubKey, pubClientId, subCert, subKey, subClientId, subUser, subPassword,
            idleOffset, pubCertDir, pubIdFormat, subTopic, payloadKind, envelope, keyDir, seqStart,
            controlRate, controlDevices, controlTopic, controlQos, ctlClientId, ctlCert, ctlKey, ctlUser, ctlPassword,
        };

        root.SetAction(async (parse, cancellationToken) =>
        {
            var options = new LoadGenOptions
            {
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                Tls = parse.GetValue(tls),
                CaFile = parse.GetValue(caFile),
                Insecure = parse.GetValue(insecure),
                ServerName = parse.GetValue(serverName),
                CertFile = parse.GetValue(cert),
                KeyFile = parse.GetValue(key),
                UserName = parse.GetValue(user),
                Password = parse.GetValue(password),
                CertDir = parse.GetValue(certDir),
                PubCertFile = parse.GetValue(pubCert),
                PubKeyFile = parse.GetValue(pubKey),
                PubClientId = parse.GetValue(pubClientId),
                SubCertFile = parse.GetValue(subCert),
                SubKeyFile = parse.GetValue(subKey),
                SubClientId = parse.GetValue(subClientId),
                SubUserName = parse.GetValue(subUser),
                SubPassword = parse.GetValue(subPassword),
                PubCertDir = parse.GetValue(pubCertDir),
                PubIdFormat = parse.GetValue(pubIdFormat)!,
                SubTopic = parse.GetValue(subTopic),
                PayloadKind = parse.GetValue(payloadKind)!,
                Envelope = parse.GetValue(envelope) switch
                {
                    "properties" => Wire.EnvelopeForm.Properties,
                    "prefix" => Wire.EnvelopeForm.Prefix,
                    _ => Wire.EnvelopeForm.None,
                },
                KeyDir = parse.GetValue(keyDir),
                SequenceStart = parse.GetValue(seqStart),
                ControlRate = parse.GetValue(controlRate),
                ControlDevices = Math.Max(1, parse.GetValue(controlDevices)),
                ControlTopicFormat = parse.GetValue(controlTopic)!,
                ControlQos = parse.GetValue(controlQos),
                CtlClientId = parse.GetValue(ctlClientId),
                CtlCertFile = parse.GetValue(ctlCert),
                CtlKeyFile = parse.GetValue(ctlKey),
                CtlUserName = parse.GetValue(ctlUser),
                CtlPassword = parse.GetValue(ctlPassword),
                Protocol = parse.GetValue(protocol),
                Qos = parse.GetValue(qos),
                Payload = parse.GetValue(payload),
                Publishers = parse.GetValue(publishers),
                Subscribers = parse.GetValue(subscribers),
                Idle = parse.GetValue(idle),
                IdleOffset = Math.Max(0, parse.GetValue(idleOffset)),
                Duration = parse.GetValue(duration),
                Warmup = parse.GetValue(warmup),
                InFlight = parse.GetValue(inflight),
                EndToEndWindow = parse.GetValue(e2eWindow),
                Rate = parse.GetValue(rate),
                Batch = parse.GetValue(batch),
                Presign = Math.Max(0, parse.GetValue(presign)),
                Topic = parse.GetValue(topic)!,
                IdleTopicFormat = parse.GetValue(idleTopic)!,
                ClientIdPrefix = parse.GetValue(prefix) ?? $"lg{Environment.ProcessId}-",
                ConnectConcurrency = Math.Max(1, parse.GetValue(concurrency)),
                ConnectTimeout = parse.GetValue(connectTimeout),
                SourceAddresses = parse.GetValue(sources),
                BrokerPid = parse.GetValue(brokerPid),
                Settle = parse.GetValue(settle),
                Drain = parse.GetValue(drain),
                KeepAlive = parse.GetValue(keepAlive),
                Json = parse.GetValue(json),
                Output = parse.GetValue(output),
                Label = parse.GetValue(label),
                Scenario = parse.GetValue(scenario),
            };
            return await RunAsync(options, cancellationToken).ConfigureAwait(false);
        });
        return root;
    }

    private static async Task<int> RunAsync(LoadGenOptions options, CancellationToken cancellationToken)
    {
        if (options.Payload < 8)
        {
            await Console.Error.WriteLineAsync("--payload must be at least 8 bytes (the embedded send timestamp).").ConfigureAwait(false);
            return 2;
        }

        if ((options.PubClientId is not null && options.Publishers > 1) || (options.SubClientId is not null && options.Subscribers > 1))
        {
            await Console.Error.WriteLineAsync("--pub-client-id / --sub-client-id name one connection: use them with --publishers 1 / --subscribers 1.").ConfigureAwait(false);
            return 2;
        }

        if (options.Envelope != Wire.EnvelopeForm.None && options.KeyDir is null)
        {
            await Console.Error.WriteLineAsync("--envelope needs --key-dir (each publisher's HMAC key).").ConfigureAwait(false);
            return 2;
        }

        if (options.Envelope == Wire.EnvelopeForm.Properties && options.Protocol != 5)
        {
            await Console.Error.WriteLineAsync("--envelope properties needs --protocol 5 (use prefix for 3.1.1).").ConfigureAwait(false);
            return 2;
        }

        if (options.ControlRate > 0 && options.Idle < options.ControlDevices)
        {
            await Console.Error.WriteLineAsync("--control-rate sends to idle devices: --idle must be at least --control-devices.").ConfigureAwait(false);
            return 2;
        }

        // Progress and the human summary go to stderr, so --json output on stdout stays machine-readable.
        var log = Console.Error;
        RunResult result;
        try
        {
            using var run = new BenchmarkRun(options, log);
            result = await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await log.WriteLineAsync($"run failed: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        var text = JsonSerializer.Serialize(result, ResultJsonContext.Default.RunResult);
        if (options.Output is not null)
        {
            await File.WriteAllTextAsync(options.Output, text + "\n", cancellationToken).ConfigureAwait(false);
        }

        if (options.Json)
        {
            await Console.Out.WriteLineAsync(text).ConfigureAwait(false);
        }

        await log.WriteLineAsync(Describe(result)).ConfigureAwait(false);
        return result.Problems.Count == 0 ? 0 : 3;
    }

    private static string Describe(RunResult r)
    {
        var lines = new List<string>();
        if (r.Throughput is { } t)
        {
            lines.Add(FormattableString.Invariant($"sent {t.SentPerS:F0} msg/s, delivered {t.DeliveredPerS:F0} msg/s ({t.DeliveredPerSubscriberPerS:F0} per subscriber)")
                + (r.Config.Qos > 0 ? FormattableString.Invariant($", acked {t.AckedPerS:F0} msg/s") : "")
                + FormattableString.Invariant($"; publishers waited on the broker {t.PublisherBlockedRatio:P0} of the time"));
        }

        if (r.Latency is { } l)
        {
            lines.Add(FormattableString.Invariant($"end-to-end latency us: p50 {l.P50Us}, p99 {l.P99Us}, max {l.MaxUs} ({l.Count} samples)"));
        }

        if (r.AckLatency is { } a)
        {
            lines.Add(FormattableString.Invariant($"PUBACK latency us: p50 {a.P50Us}, p99 {a.P99Us}, max {a.MaxUs}"));
        }

        if (r.Control is { } c)
        {
            lines.Add(FormattableString.Invariant($"control: {c.Received}/{c.Sent} commands received at {c.RatePerS} msg/s")
                + (c.Latency is { } cl ? FormattableString.Invariant($", latency us p50 {cl.P50Us}, p99 {cl.P99Us}, max {cl.MaxUs} ({cl.Count} samples)") : ""));
        }

        if (r.Delivery is { } d)
        {
            lines.Add(FormattableString.Invariant($"delivery: {d.Received}/{d.Expected} received, lost {d.Lost} ({d.LossRatio:P3})"));
        }

        if (r.Idle is { } i)
        {
            lines.Add(FormattableString.Invariant($"idle: {i.Connected}/{i.Requested} connected in {i.ConnectSeconds} s, {i.DroppedDuringRun} dropped"));
        }

        if (r.BrokerMemory is { } m)
        {
            lines.Add(FormattableString.Invariant($"broker RSS KiB: before {m.RssBeforeKib}, after idle {m.RssAfterIdleKib}, per idle connection {m.PerIdleConnectionKib}, end {m.RssEndKib}"));
        }

        if (r.Cpu is { } cpu)
        {
            lines.Add(FormattableString.Invariant($"CPU % of one core ({cpu.Cores} cores): loadgen {cpu.LoadGenPercent}, broker {cpu.BrokerPercent}"));
        }

        lines.AddRange(r.Notes.Select(n => "note: " + n));
        lines.AddRange(r.Problems.Select(p => "PROBLEM: " + p));
        return string.Join(Environment.NewLine, lines);
    }
}
