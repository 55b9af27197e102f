using System.Collections.Concurrent;
using Palisade.Mqtt;

namespace Palisade.Simulation;

/// <summary>
/// What the simulation saw, per kind of message: how many were sent and how the broker answered them (PUBACK reason
/// codes for QoS 1 over MQTT 5.0; 3.1.1 cannot carry a refusal, so there every PUBACK is 0x00). Thread-safe.
/// </summary>
internal sealed class SimulationTally
{
    private readonly ConcurrentDictionary<(Misbehaviour Kind, string Outcome), long> _counts = new();
    private readonly ConcurrentDictionary<string, long> _closeReasons = new(StringComparer.Ordinal);
    private long _commandsReceived;
    private long _devicesConnected;
    private long _connectRefusals;

    public void Sent(Misbehaviour kind) => _counts.AddOrUpdate((kind, "sent"), 1, (_, n) => n + 1);

    public void Answered(Misbehaviour kind, ReasonCode reason) =>
        _counts.AddOrUpdate((kind, $"0x{(byte)reason:X2}"), 1, (_, n) => n + 1);

    public void Unanswered(Misbehaviour kind) => _counts.AddOrUpdate((kind, "unanswered"), 1, (_, n) => n + 1);

    public void CommandReceived() => Interlocked.Increment(ref _commandsReceived);

    public void Connected() => Interlocked.Increment(ref _devicesConnected);

    public void ConnectRefused(string reason)
    {
        Interlocked.Increment(ref _connectRefusals);
        Closed("CONNECT refused: " + reason);
    }

    public void Closed(string reason) => _closeReasons.AddOrUpdate(reason, 1, (_, n) => n + 1);

    public long CommandsReceived => Interlocked.Read(ref _commandsReceived);

    public long DevicesConnected => Interlocked.Read(ref _devicesConnected);

    public long ConnectRefusals => Interlocked.Read(ref _connectRefusals);

    public long Count(Misbehaviour kind, string outcome) => _counts.TryGetValue((kind, outcome), out var n) ? n : 0;

    /// <summary>Rows ordered by kind then outcome, for the report.</summary>
    public IReadOnlyList<(Misbehaviour Kind, string Outcome, long Count)> Rows() =>
        [.. _counts.Select(p => (p.Key.Kind, p.Key.Outcome, p.Value)).OrderBy(r => r.Kind).ThenBy(r => r.Outcome == "sent" ? "" : r.Outcome, StringComparer.Ordinal)];

    public IReadOnlyList<(string Reason, long Count)> CloseReasons() =>
        [.. _closeReasons.Select(p => (p.Key, p.Value)).OrderBy(r => r.Key, StringComparer.Ordinal)];
}
