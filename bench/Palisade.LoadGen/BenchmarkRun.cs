using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using HdrHistogram;
using Palisade.LoadGen.Measurement;
using Palisade.LoadGen.Reporting;
using Palisade.LoadGen.Roles;
using Palisade.LoadGen.Transport;
using Palisade.LoadGen.Wire;

namespace Palisade.LoadGen;

/// <summary>
/// One run: connect the idle fleet (and read the broker's memory around it), connect subscribers and publishers,
/// publish through a warm-up and a measured window, drain, check delivery, disconnect everything.
/// </summary>
internal sealed class BenchmarkRun(LoadGenOptions options, TextWriter log) : IDisposable
{
    private const int MaxDistinctErrors = 20;
    private static readonly TimeSpan PublisherStopTimeout = TimeSpan.FromSeconds(5);

    private readonly RecordingWindow _recording = new();
    private readonly List<string> _problems = [];
    private readonly List<string> _notes = [];
    private readonly List<IdleDevice> _idle = [];
    private readonly List<Subscriber> _subscribers = [];
    private readonly List<Publisher> _publishers = [];
    private readonly List<PresignedPublishSource> _presigned = [];
    private readonly List<Task> _readLoops = [];
    private TransportOptions _transport = null!;
    private EndToEndGate? _gate;
    private ControlProbe? _controlProbe;
    private ControlPublisher? _control;
    private int? _payloadBytes;
    private int _connectionIndex = -1;

    private bool TelemetryPayload => options.PayloadKind == "telemetry";

    public async Task<RunResult> ExecuteAsync(CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        _transport = await CreateTransportAsync(cancellationToken).ConfigureAwait(false);
        if (options.ControlRate > 0)
        {
            _controlProbe = new ControlProbe(_recording);
        }
        if (options.EndToEndWindow > 0 && options.Subscribers > 0)
        {
            _gate = new EndToEndGate(
                options.EndToEndWindow,
                () => _publishers.Sum(p => p.Sent),
                // The slowest subscriber counts: no subscriber's queue in the broker may exceed the window.
                () => _subscribers.Count == 0 ? 0 : _subscribers.Min(s => s.Received));
        }

        using var readLoopStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var pingStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        IdleSummary? idle = null;
        MemorySummary? memory = null;
        ThroughputSummary? throughput = null;
        LatencySummary? latency = null;
        LatencySummary? ackLatency = null;
        DeliverySummary? delivery = null;
        CpuSummary? cpu = null;
        ControlSummary? control = null;
        Task? pinger = null;
        try
        {
            var rssBefore = options.BrokerPid is { } pid ? ProcessStats.ReadRssKib(pid) : null;
            long? rssAfterIdle = null;
            if (options.Idle > 0)
            {
                idle = await ConnectIdleFleetAsync(readLoopStop.Token, cancellationToken).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromSeconds(options.Settle), cancellationToken).ConfigureAwait(false);
                rssAfterIdle = options.BrokerPid is { } pid2 ? ProcessStats.ReadRssKib(pid2) : null;
            }

            await ConnectSubscribersAsync(readLoopStop.Token, cancellationToken).ConfigureAwait(false);
            await ConnectPublishersAsync(readLoopStop.Token, cancellationToken).ConfigureAwait(false);
            await ConnectControlAsync(readLoopStop.Token, cancellationToken).ConfigureAwait(false);
            pinger = PingLoopAsync(pingStop.Token);

            if (_publishers.Count > 0 || _control is not null)
            {
                (throughput, latency, ackLatency, delivery, cpu, control) = await MeasureAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                cpu = await HoldAsync(cancellationToken).ConfigureAwait(false);
            }

            if (idle is not null)
            {
                var dropped = _idle.Count(d => d.Connection.CloseReason is not null);
                idle = idle with { DroppedDuringRun = dropped };
                if (dropped > 0)
                {
                    var reasons = _idle.Where(d => d.Connection.CloseReason is not null)
                        .GroupBy(d => d.Connection.CloseReason!).Select(g => $"{g.Count()}x {g.Key}");
                    _problems.Add($"{dropped} idle connections were closed during the run: {string.Join("; ", reasons.Take(5))}");
                }
            }

            if (options.BrokerPid is { } pid3)
            {
                var end = ProcessStats.ReadRssKib(pid3);
                double? perConnection = rssBefore is { } b && rssAfterIdle is { } a && idle is { Connected: > 0 }
                    ? Math.Round((a - b) / (double)idle.Connected, 2)
                    : null;
                memory = new MemorySummary(rssBefore, rssAfterIdle, perConnection, end);
            }
        }
        finally
        {
            await pingStop.CancelAsync().ConfigureAwait(false);
            if (pinger is not null)
            {
                await pinger.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await CloseAllAsync().ConfigureAwait(false);
            await readLoopStop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(Task.WhenAll(_readLoops), Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
            foreach (var publisher in _publishers)
            {
                publisher.Dispose();
            }

            if (_gate is { Stalls: > 0 } stalled)
            {
                _problems.Add($"end-to-end window stalled {stalled.Stalls} times: the broker dropped messages (written off after {EndToEndGate.StallTimeout.TotalSeconds} s).");
            }
        }

        var config = new RunConfig(
            $"{options.Host}:{options.Port}", options.Tls, options.Protocol, options.Qos, options.Payload, options.Publishers,
            options.Subscribers, options.Idle, options.Duration, options.Warmup, options.InFlight, options.EndToEndWindow, options.Rate, options.Batch,
            options.PayloadKind, options.Envelope.ToString().ToLowerInvariant(), _payloadBytes);
        return new RunResult(options.Scenario, options.Label, started, config, throughput, latency, ackLatency, delivery, idle, memory, cpu, control, _notes, _problems);
    }

    public void Dispose() => _gate?.Dispose();

    private async Task<(ThroughputSummary, LatencySummary?, LatencySummary?, DeliverySummary, CpuSummary, ControlSummary?)> MeasureAsync(CancellationToken cancellationToken)
    {
        await PresignAsync().ConfigureAwait(false);
        using var stopPublishing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var publishing = _publishers.Select(p => Task.Run(() => p.RunAsync(stopPublishing.Token), CancellationToken.None)).ToArray();
        var controlling = _control is { } ctl ? Task.Run(() => ctl.RunAsync(stopPublishing.Token), CancellationToken.None) : Task.CompletedTask;
        log.WriteLine($"publishing: warm-up {options.Warmup} s, then measuring {options.Duration} s");
        log.WriteLine("load running");
        await Task.Delay(TimeSpan.FromSeconds(options.Warmup), cancellationToken).ConfigureAwait(false);

        var before = TakeSnapshot();
        _recording.Open();
        await Task.Delay(TimeSpan.FromSeconds(options.Duration), cancellationToken).ConfigureAwait(false);
        _recording.Close();
        var after = TakeSnapshot();

        await stopPublishing.CancelAsync().ConfigureAwait(false);
        var allStopped = Task.WhenAll(publishing);
        var aborted = false;
        if (await Task.WhenAny(allStopped, Task.Delay(PublisherStopTimeout, CancellationToken.None)).ConfigureAwait(false) != allStopped)
        {
            // A publisher is still blocked on a socket the broker does not read: abort it rather than wait for ever.
            // After the window, so the rates are unaffected; but what was still in the socket counts as not delivered.
            _notes.Add($"a publisher was still blocked writing {PublisherStopTimeout.TotalSeconds} s after the window (the broker stopped reading it); "
                + "its connection was aborted, and what it had written but the broker had not read counts as lost.");
            aborted = true;
            foreach (var publisher in _publishers)
            {
                await publisher.Connection.DisposeAsync().ConfigureAwait(false);
            }

            await allStopped.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await controlling.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await DrainAsync().ConfigureAwait(false);

        var seconds = (after.Timestamp - before.Timestamp) / (double)Stopwatch.Frequency;
        var delivered = (after.Received - before.Received) / seconds;
        var throughput = new ThroughputSummary(
            Math.Round((after.Sent - before.Sent) / seconds, 1),
            Math.Round((after.Acked - before.Acked) / seconds, 1),
            Math.Round(delivered, 1),
            Math.Round(_subscribers.Count == 0 ? 0 : delivered / _subscribers.Count, 1),
            _publishers.Count == 0 ? 0 : Math.Round((after.BlockedTicks - before.BlockedTicks) / (double)(after.Timestamp - before.Timestamp) / _publishers.Count, 3));

        // Pre-encoded bodies carry the encoding time as their sender clock: no end-to-end latency from them.
        var latency = _presigned.Count > 0 ? null : Summarise(_subscribers.Select(s => s.Latency));
        if (_presigned.Count > 0)
        {
            var used = _presigned.Sum(p => (long)p.Used);
            var pooled = _presigned.Sum(p => (long)p.Count);
            var sentTotal = _publishers.Sum(p => p.Sent);
            _notes.Add($"pre-encoded load: {used:N0} of {pooled:N0} packets sent from the pool"
                + (used < sentTotal ? $", {sentTotal - used:N0} encoded live after it ran out" : "") + "; end-to-end latency not measured.");
        }

        var ackLatency = options.Qos > 0 ? Summarise(_publishers.Select(p => p.AckLatency)) : null;

        var sent = _publishers.Sum(p => p.Sent);
        var expected = sent * _subscribers.Count;
        var received = _subscribers.Sum(s => s.Received);
        var delivery = new DeliverySummary(sent, expected, received, expected - received,
            expected == 0 ? 0 : Math.Round((expected - received) / (double)expected, 6));
        if (options.Qos > 0 && received < expected)
        {
            _problems.Add($"QoS 1: {expected - received} of {expected} deliveries missing after the drain.");
        }

        foreach (var publisher in _publishers.Where(p => p.Failure is not null && !aborted))
        {
            _problems.Add($"a publisher stopped early: {publisher.Failure}");
        }

        foreach (var connection in _publishers.Select(p => p.Connection).Concat(_subscribers.Select(s => s.Connection)))
        {
            if (connection.CloseReason is { } reason && !connection.ClosedByGenerator)
            {
                _problems.Add($"a publisher or subscriber connection ended during the run: {reason}");
            }
        }

        var cpu = new CpuSummary(
            Environment.ProcessorCount,
            Math.Round((after.SelfCpu - before.SelfCpu).TotalSeconds / seconds * 100, 1),
            after.BrokerCpu is { } b1 && before.BrokerCpu is { } b0 ? Math.Round((b1 - b0).TotalSeconds / seconds * 100, 1) : null);

        ControlSummary? control = null;
        if (_control is not null && _controlProbe is not null)
        {
            var lost = _control.Sent - _controlProbe.Received;
            control = new ControlSummary(
                options.ControlRate, options.ControlDevices, options.ControlQos, _control.Sent, _controlProbe.Received, lost,
                Summarise([_controlProbe.Latency]), options.ControlQos > 0 ? Summarise([_control.AckLatency]) : null);
            if (_control.Failure is not null)
            {
                _problems.Add($"the control application stopped early: {_control.Failure}");
            }

            if (options.ControlQos > 0 && lost > 0)
            {
                _problems.Add($"control: {lost} of {_control.Sent} QoS 1 commands never reached their device.");
            }

            if (_control.Connection.CloseReason is { } reason && !_control.Connection.ClosedByGenerator)
            {
                _problems.Add($"the control application's connection ended during the run: {reason}");
            }
        }

        return (throughput, latency, ackLatency, delivery, cpu, control);
    }

    /// <summary>Encodes every publisher's pool side by side, before the load (and its clock) starts.</summary>
    private async Task PresignAsync()
    {
        if (_presigned.Count == 0)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(_presigned.Select(p => Task.Run(() => p.Fill(options.Presign)))).ConfigureAwait(false);
        log.WriteLine($"pre-encoded {options.Presign:N0} packets for each of {_presigned.Count} publishers in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
    }

    /// <summary>No publishers: keep the idle fleet connected for the duration and report CPU used meanwhile.</summary>
    private async Task<CpuSummary> HoldAsync(CancellationToken cancellationToken)
    {
        log.WriteLine($"holding the idle fleet for {options.Duration} s");
        log.WriteLine("load running");
        var before = TakeSnapshot();
        await Task.Delay(TimeSpan.FromSeconds(options.Duration), cancellationToken).ConfigureAwait(false);
        var after = TakeSnapshot();
        var seconds = (after.Timestamp - before.Timestamp) / (double)Stopwatch.Frequency;
        return new CpuSummary(
            Environment.ProcessorCount,
            Math.Round((after.SelfCpu - before.SelfCpu).TotalSeconds / seconds * 100, 1),
            after.BrokerCpu is { } b1 && before.BrokerCpu is { } b0 ? Math.Round((b1 - b0).TotalSeconds / seconds * 100, 1) : null);
    }

    private async Task DrainAsync()
    {
        var drain = TimeSpan.FromSeconds(options.Drain);
        await Task.WhenAll(_publishers.Select(p => p.DrainAsync(drain))).ConfigureAwait(false);
        if (_control is not null && _controlProbe is not null)
        {
            var controlDeadline = Stopwatch.GetTimestamp() + (long)(drain.TotalSeconds * Stopwatch.Frequency);
            while (_controlProbe.Received < _control.Sent && Stopwatch.GetTimestamp() < controlDeadline)
            {
                await Task.Delay(20).ConfigureAwait(false);
            }
        }

        // Deliveries still on their way: wait until all arrived or nothing arrived for half a second.
        var deadline = Stopwatch.GetTimestamp() + (long)(drain.TotalSeconds * Stopwatch.Frequency);
        var expected = _publishers.Sum(p => p.Sent) * _subscribers.Count;
        var last = -1L;
        var quietSince = Stopwatch.GetTimestamp();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var received = _subscribers.Sum(s => s.Received);
            if (received >= expected)
            {
                return;
            }

            if (received != last)
            {
                last = received;
                quietSince = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(quietSince) > TimeSpan.FromMilliseconds(500))
            {
                return;
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    private Snapshot TakeSnapshot() => new(
        Stopwatch.GetTimestamp(),
        _publishers.Sum(p => p.Sent),
        _publishers.Sum(p => p.Acked),
        _subscribers.Sum(s => s.Received),
        _publishers.Sum(p => p.BlockedTicks),
        ProcessStats.ReadCpuTime(null) ?? TimeSpan.Zero,
        options.BrokerPid is { } pid ? ProcessStats.ReadCpuTime(pid) : null);

    private static LatencySummary? Summarise(IEnumerable<LatencyRecorder> recorders)
    {
        var merged = new LongHistogram(1, LatencyRecorder.MaxMicroseconds, 3);
        long clamped = 0;
        foreach (var recorder in recorders)
        {
            merged.Add(recorder.Histogram);
            clamped += recorder.Clamped;
        }

        if (merged.TotalCount == 0)
        {
            return null;
        }

        return new LatencySummary(
            merged.TotalCount,
            Math.Round(merged.GetMean(), 1),
            merged.GetValueAtPercentile(50),
            merged.GetValueAtPercentile(90),
            merged.GetValueAtPercentile(99),
            merged.GetValueAtPercentile(99.9),
            merged.GetMaxValue(),
            clamped);
    }

    private async Task<IdleSummary> ConnectIdleFleetAsync(CancellationToken readLoopStop, CancellationToken cancellationToken)
    {
        var errors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var connected = new ConcurrentBag<IdleDevice>();
        var done = 0;
        // Per-device client certificates are read before the clock starts: the connect rate measures handshakes, not PEM parsing.
        TransportOptions[]? deviceTransports = null;
        if (options.CertDir is not null)
        {
            deviceTransports = new TransportOptions[options.Idle];
            Parallel.For(0, options.Idle, i => deviceTransports[i] = _transport with
            {
                ClientCertificate = X509Certificate2.CreateFromPemFile(
                    Path.Combine(options.CertDir, $"dev{i + options.IdleOffset}.crt"), Path.Combine(options.CertDir, $"dev{i + options.IdleOffset}.key")),
            });
            log.WriteLine($"idle: loaded {options.Idle} client certificates from {options.CertDir}");
        }

        var started = Stopwatch.GetTimestamp();
        log.WriteLine($"idle: connecting {options.Idle} devices, {options.ConnectConcurrency} at a time");
        await Parallel.ForEachAsync(
            Enumerable.Range(0, options.Idle),
            new ParallelOptions { MaxDegreeOfParallelism = options.ConnectConcurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                try
                {
                    var connection = await OpenAndSubscribeAsync(
                        deviceTransports is null ? $"{options.ClientIdPrefix}dev{i + options.IdleOffset}" : $"dev{i + options.IdleOffset}",
                        string.Format(System.Globalization.CultureInfo.InvariantCulture, options.IdleTopicFormat, i + options.IdleOffset),
                        qos: 1,
                        smallBuffers: true,
                        ct,
                        deviceTransports?[i]).ConfigureAwait(false);
                    connection.Clock = _controlProbe is null ? PayloadClock.Binary : PayloadClock.JsonCounter;
                    var device = new IdleDevice(connection, _controlProbe);
                    device.ReadLoop = connection.RunAsync(device, readLoopStop);
                    connected.Add(device);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    RecordError(errors, ex);
                }

                var n = Interlocked.Increment(ref done);
                if (n % 1000 == 0)
                {
                    log.WriteLine($"idle: {n}/{options.Idle} attempted, {connected.Count} connected, {errors.Values.Sum()} failed");
                }
            }).ConfigureAwait(false);

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        _idle.AddRange(connected);
        _readLoops.AddRange(connected.Select(d => d.ReadLoop!));
        var failed = errors.Values.Sum();
        log.WriteLine($"idle: {connected.Count} connected, {failed} failed, in {seconds:F1} s");
        if (failed > 0)
        {
            _problems.Add($"{failed} of {options.Idle} idle devices could not connect (see idle.errors).");
            foreach (var (error, count) in errors.OrderByDescending(e => e.Value))
            {
                log.WriteLine($"idle error: {count}x {error}");
            }
        }

        return new IdleSummary(
            options.Idle, connected.Count, failed, Math.Round(seconds, 2), Math.Round(connected.Count / seconds, 1), 0,
            errors.OrderByDescending(e => e.Value).Select(e => new ErrorCount(e.Key, e.Value)).ToList());
    }

    private async Task ConnectSubscribersAsync(CancellationToken readLoopStop, CancellationToken cancellationToken)
    {
        if (options.Subscribers <= 0)
        {
            return;
        }

        var subscribers = new Subscriber[options.Subscribers];
        TransportOptions? subscriberTransport = null;
        if (options.SubCertFile is not null)
        {
            subscriberTransport = _transport with { ClientCertificate = X509Certificate2.CreateFromPemFile(options.SubCertFile, options.SubKeyFile) };
        }
        else if (options.SubUserName is not null)
        {
            // An application authenticating with its secret presents no certificate.
            subscriberTransport = _transport with { ClientCertificate = null };
        }

        await Parallel.ForEachAsync(
            Enumerable.Range(0, options.Subscribers),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Min(options.ConnectConcurrency, 50), CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var connection = await OpenAndSubscribeAsync(options.SubClientId ?? $"{options.ClientIdPrefix}sub{i}", SubscriptionFilter, options.Qos, smallBuffers: false, ct,
                    subscriberTransport, options.SubUserName is null ? null : new Credentials(options.SubUserName, options.SubPassword))
                    .ConfigureAwait(false);
                connection.Clock = TelemetryPayload ? PayloadClock.JsonCounter : PayloadClock.Binary;
                subscribers[i] = new Subscriber(connection, _recording, _gate);
            }).ConfigureAwait(false);
        _subscribers.AddRange(subscribers);
        _readLoops.AddRange(subscribers.Select(s => s.Connection.RunAsync(s, readLoopStop)));
        log.WriteLine($"subscribers: {subscribers.Length} connected to '{SubscriptionFilter}' at QoS {options.Qos}");
    }

    private string SubscriptionFilter => options.SubTopic ?? options.Topic.Replace("{id}", "+", StringComparison.Ordinal);

    private async Task ConnectPublishersAsync(CancellationToken readLoopStop, CancellationToken cancellationToken)
    {
        var ratePerPublisher = options.Rate > 0 && options.Publishers > 0 ? options.Rate / options.Publishers : 0;
        var publisherTransport = options.PubCertFile is null
            ? null
            : _transport with { ClientCertificate = X509Certificate2.CreateFromPemFile(options.PubCertFile, options.PubKeyFile) };
        var firstSequence = options.SequenceStart ?? (ulong)(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000);
        for (var i = 0; i < options.Publishers; i++)
        {
            var clientId = options.PubClientId
                ?? (options.PubCertDir is not null
                    ? string.Format(System.Globalization.CultureInfo.InvariantCulture, options.PubIdFormat, i)
                    : $"{options.ClientIdPrefix}pub{i}");
            var transport = publisherTransport;
            if (options.PubCertDir is not null)
            {
                transport = _transport with
                {
                    ClientCertificate = X509Certificate2.CreateFromPemFile(
                        Path.Combine(options.PubCertDir, clientId + ".crt"), Path.Combine(options.PubCertDir, clientId + ".key")),
                };
            }

            var template = CreatePublishSource(clientId, firstSequence);
            var connection = await OpenAndConnectAsync(clientId, smallBuffers: false, cancellationToken, transport)
                .ConfigureAwait(false);
            // A 5.0 broker's Receive Maximum caps our window; exceeding it is a protocol error.
            var window = Math.Min(options.InFlight, connection.ConnAck!.ReceiveMaximum);
            if (window < options.InFlight && options.Qos > 0)
            {
                _notes.Add($"in-flight window lowered to the broker's Receive Maximum {window}.");
            }

            var publisher = new Publisher(connection, template, window, options.Batch, ratePerPublisher, _recording, _gate);
            _publishers.Add(publisher);
            _readLoops.Add(connection.RunAsync(publisher, readLoopStop));
        }

        if (_publishers.Count > 0)
        {
            log.WriteLine($"publishers: {_publishers.Count} connected, QoS {options.Qos}, "
                + (TelemetryPayload ? $"JSON telemetry ({_payloadBytes} bytes with the envelope)" : $"{options.Payload}-byte payload")
                + (options.Envelope != EnvelopeForm.None ? $", envelope {options.Envelope} (HMAC-SHA256)" : "")
                + (options.Qos > 0 ? $", window {_publishers[0].Window}" : "")
                + (options.Rate > 0 ? $", {options.Rate} msg/s in total" : ", unthrottled")
                + (_gate is not null ? $", at most {_gate.Window} messages between publish and delivery" : ""));
        }
    }

    /// <summary>The publisher's packets: a patched template (binary load), or built per message (JSON body, envelope).</summary>
    private IPublishSource CreatePublishSource(string clientId, ulong firstSequence)
    {
        var topic = options.Topic.Replace("{id}", clientId, StringComparison.Ordinal);
        if (!TelemetryPayload && options.Envelope == EnvelopeForm.None)
        {
            var payload = new byte[options.Payload];
            payload.AsSpan().Fill((byte)'P');
            var encoded = ControlPackets.EncodePublish(options.Protocol, topic, options.Qos, payload);
            _payloadBytes = options.Payload;
            return new PublishTemplate(encoded, topic, options.Qos, options.Payload);
        }

        var key = options.Envelope == EnvelopeForm.None ? null : EnvelopeKey.Load(Path.Combine(options.KeyDir!, clientId + ".hmac"));
        var encoder = new SignedPublishEncoder(
            options.Protocol, topic, options.Qos, options.Envelope, key, firstSequence, clientId, TelemetryPayload, options.Payload);
        // One sample packet, to report the payload size (the sequence it used is simply skipped).
        var sample = new byte[encoder.MaxLength];
        var length = encoder.Write(sample, Stopwatch.GetTimestamp(), 1);
        var reader = new System.Buffers.ReadOnlySequence<byte>(sample, 0, length);
        if (ControlPackets.TryDecode(ref reader, options.Protocol, out var packet).Status == Palisade.Mqtt.Codec.DecodeStatus.Packet
            && packet is Palisade.Mqtt.Packets.PublishPacket publish)
        {
            _payloadBytes = publish.Payload.Length;
        }
        else
        {
            throw new InvalidOperationException("the signed PUBLISH does not decode with the codec");
        }

        if (options.Presign > 0)
        {
            var presigned = new PresignedPublishSource(encoder);
            _presigned.Add(presigned);
            return presigned;
        }

        return encoder;
    }

    private async Task ConnectControlAsync(CancellationToken readLoopStop, CancellationToken cancellationToken)
    {
        if (options.ControlRate <= 0)
        {
            return;
        }

        TransportOptions? transport = null;
        if (options.CtlCertFile is not null)
        {
            transport = _transport with { ClientCertificate = X509Certificate2.CreateFromPemFile(options.CtlCertFile, options.CtlKeyFile) };
        }
        else if (options.CtlUserName is not null)
        {
            transport = _transport with { ClientCertificate = null };
        }

        var connection = await OpenAndConnectAsync(
            options.CtlClientId ?? $"{options.ClientIdPrefix}ctl", smallBuffers: false, cancellationToken, transport,
            options.CtlUserName is null ? null : new Credentials(options.CtlUserName, options.CtlPassword)).ConfigureAwait(false);
        var topics = Enumerable.Range(0, options.ControlDevices)
            .Select(i => string.Format(System.Globalization.CultureInfo.InvariantCulture, options.ControlTopicFormat, i)).ToList();
        _control = new ControlPublisher(connection, options.Protocol, options.ControlQos, options.ControlRate, topics) { Recording = _recording };
        _readLoops.Add(connection.RunAsync(_control, readLoopStop));
        log.WriteLine($"control: an application sends {options.ControlRate} commands/s at QoS {options.ControlQos} to {topics[0]} .. {topics[^1]}");
    }

    private async Task<MqttConnection> OpenAndSubscribeAsync(
        string clientId, string filter, int qos, bool smallBuffers, CancellationToken cancellationToken, TransportOptions? transport = null, Credentials? credentials = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.ConnectTimeout));
        var connection = await OpenAndConnectAsync(clientId, smallBuffers, timeout.Token, transport, credentials).ConfigureAwait(false);
        try
        {
            await connection.SubscribeAsync(filter, qos, timeout.Token).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>User name and password of one role, replacing --username/--password for it.</summary>
    private sealed record Credentials(string UserName, string? Password);

    private async Task<MqttConnection> OpenAndConnectAsync(
        string clientId, bool smallBuffers, CancellationToken cancellationToken, TransportOptions? transport = null, Credentials? credentials = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.ConnectTimeout));
        var index = Interlocked.Increment(ref _connectionIndex);
        var connection = await MqttConnection.OpenAsync(transport ?? _transport, index, options.Protocol, smallBuffers, timeout.Token).ConfigureAwait(false);
        try
        {
            var settings = new ConnectSettings(
                options.Protocol, clientId, (ushort)options.KeepAlive, credentials?.UserName ?? options.UserName, credentials is null ? options.Password : credentials.Password);
            await connection.ConnectAsync(settings, timeout.Token).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Keeps quiet connections (idle devices, QoS 0 subscribers) alive: PINGREQ at half the keep alive.</summary>
    private async Task PingLoopAsync(CancellationToken cancellationToken)
    {
        var keepAlive = options.KeepAlive;
        var server = _idle.Select(d => d.Connection).Concat(_subscribers.Select(s => s.Connection))
            .Select(c => c.ConnAck?.ServerKeepAlive).FirstOrDefault(k => k is > 0);
        if (server is { } s)
        {
            keepAlive = Math.Min(keepAlive, s);
        }

        if (keepAlive <= 0)
        {
            return;
        }

        var ping = ControlPackets.PingReq.ToArray();
        var quiet = _idle.Select(d => d.Connection).Concat(_subscribers.Select(s => s.Connection)).ToList();
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(keepAlive / 2.0), cancellationToken).ConfigureAwait(false);
            foreach (var connection in quiet)
            {
                if (connection.CloseReason is null && !connection.IsClosing)
                {
                    try
                    {
                        await connection.SendAsync(ping, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
                    {
                        // The read loop reports why it closed.
                    }
                }
            }
        }
    }

    private async Task CloseAllAsync()
    {
        var all = _publishers.Select(p => p.Connection)
            .Concat(_control is null ? [] : [_control.Connection])
            .Concat(_subscribers.Select(s => s.Connection))
            .Concat(_idle.Select(d => d.Connection))
            .ToList();
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = 200 }, async (c, _) => await c.CloseAsync().ConfigureAwait(false))
            .ConfigureAwait(false);
    }

    private async Task<TransportOptions> CreateTransportAsync(CancellationToken cancellationToken)
    {
        IPAddress address;
        if (!IPAddress.TryParse(options.Host, out address!))
        {
            var addresses = await Dns.GetHostAddressesAsync(options.Host, cancellationToken).ConfigureAwait(false);
            address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0];
        }

        var sources = new List<IPAddress>();
        if (options.SourceAddresses > 1)
        {
            if (!IPAddress.IsLoopback(address) || address.AddressFamily != AddressFamily.InterNetwork)
            {
                throw new ArgumentException("--source-addresses needs an IPv4 loopback broker address (127.0.0.0/8).");
            }

            for (var i = 1; i <= options.SourceAddresses; i++)
            {
                sources.Add(new IPAddress([127, 0, 0, (byte)i]));
            }
        }

        X509Certificate2Collection? roots = null;
        if (options.CaFile is not null)
        {
            roots = [];
            roots.ImportFromPemFile(options.CaFile);
        }

        X509Certificate2? clientCertificate = null;
        if (options.CertFile is not null)
        {
            clientCertificate = X509Certificate2.CreateFromPemFile(options.CertFile, options.KeyFile);
        }

        return new TransportOptions(
            new IPEndPoint(address, options.Port), options.Tls, options.ServerName ?? options.Host, roots, options.Insecure,
            clientCertificate, sources, TimeSpan.FromSeconds(options.ConnectTimeout));
    }

    private static void RecordError(ConcurrentDictionary<string, int> errors, Exception ex)
    {
        var key = ex switch
        {
            SocketException se => $"socket: {se.SocketErrorCode}",
            AuthenticationException ae => $"TLS: {ae.Message}",
            BrokerRefusedException br => br.Message,
            OperationCanceledException => "timed out (TCP connect, TLS handshake, CONNACK or SUBACK)",
            IOException io => $"I/O: {io.Message}",
            _ => $"{ex.GetType().Name}: {ex.Message}",
        };
        if (errors.Count < MaxDistinctErrors || errors.ContainsKey(key))
        {
            errors.AddOrUpdate(key, 1, (_, n) => n + 1);
        }
        else
        {
            errors.AddOrUpdate("(other errors)", 1, (_, n) => n + 1);
        }
    }

    private readonly record struct Snapshot(long Timestamp, long Sent, long Acked, long Received, long BlockedTicks, TimeSpan SelfCpu, TimeSpan? BrokerCpu);
}
