namespace Palisade.LoadGen.Reporting;

/// <summary>The outcome of one run, as written with --json (snake_case).</summary>
/// <remarks><see cref="Problems"/> make a result suspect (lost QoS 1 messages, dropped connections, failed connects) and
/// the exit code 3; <see cref="Notes"/> only explain it (e.g. the broker lowered the in-flight window).</remarks>
internal sealed record RunResult(
    string? Scenario,
    string? Broker,
    DateTimeOffset StartedUtc,
    RunConfig Config,
    ThroughputSummary? Throughput,
    LatencySummary? Latency,
    LatencySummary? AckLatency,
    DeliverySummary? Delivery,
    IdleSummary? Idle,
    MemorySummary? BrokerMemory,
    CpuSummary? Cpu,
    ControlSummary? Control,
    IReadOnlyList<string> Notes,
    IReadOnlyList<string> Problems);

internal sealed record RunConfig(
    string Target, bool Tls, int Protocol, int Qos, int Payload, int Publishers, int Subscribers, int Idle,
    double DurationS, double WarmupS, int InFlight, int EndToEndWindow, double Rate, int Batch,
    string PayloadKind, string Envelope, int? PayloadBytes);

/// <summary>Control commands from an application to devices while the rest of the load runs (threat 6.2 j).</summary>
/// <param name="RatePerS">Commands per second asked for.</param>
/// <param name="Devices">Devices the commands went to, round robin.</param>
/// <param name="Qos">QoS of the commands.</param>
/// <param name="Sent">Commands sent over the whole run.</param>
/// <param name="Received">Commands the devices received, after the drain.</param>
/// <param name="Lost">Sent minus received.</param>
/// <param name="Latency">Application-to-device latency of the commands received in the measured window.</param>
/// <param name="AckLatency">PUBACK round trip of the application's commands (QoS 1).</param>
internal sealed record ControlSummary(
    double RatePerS, int Devices, int Qos, long Sent, long Received, long Lost, LatencySummary? Latency, LatencySummary? AckLatency);

/// <summary>Rates over the measured window only (after warm-up).</summary>
/// <param name="SentPerS">PUBLISHes the publishers wrote to their sockets per second.</param>
/// <param name="AckedPerS">PUBACKs received per second (QoS 1).</param>
/// <param name="DeliveredPerS">PUBLISHes received by all subscribers together per second.</param>
/// <param name="DeliveredPerSubscriberPerS">The same, divided by the number of subscribers.</param>
/// <param name="PublisherBlockedRatio">Share of the window the publishers spent waiting for the broker (PUBACKs with the
/// window full, or a full socket). Near 1: the broker sets the pace; well below 1 while unthrottled: the generator does.</param>
internal sealed record ThroughputSummary(
    double SentPerS, double AckedPerS, double DeliveredPerS, double DeliveredPerSubscriberPerS, double PublisherBlockedRatio);

/// <summary>Microseconds, from the messages received inside the measured window.</summary>
internal sealed record LatencySummary(long Count, double MeanUs, long P50Us, long P90Us, long P99Us, long P999Us, long MaxUs, long Clamped);

/// <summary>Over the whole run, warm-up included, after the drain: every subscriber should have every message.</summary>
internal sealed record DeliverySummary(long Sent, long Expected, long Received, long Lost, double LossRatio);

internal sealed record IdleSummary(
    int Requested, int Connected, int Failed, double ConnectSeconds, double ConnectsPerS,
    int DroppedDuringRun, IReadOnlyList<ErrorCount> Errors);

internal sealed record ErrorCount(string Error, int Count);

/// <summary>Broker resident memory (VmRSS) before the idle fleet connected and after it settled.</summary>
internal sealed record MemorySummary(long? RssBeforeKib, long? RssAfterIdleKib, double? PerIdleConnectionKib, long? RssEndKib);

/// <summary>CPU used during the measured window, in percent of one core (200 = two cores busy).</summary>
internal sealed record CpuSummary(int Cores, double LoadGenPercent, double? BrokerPercent);
