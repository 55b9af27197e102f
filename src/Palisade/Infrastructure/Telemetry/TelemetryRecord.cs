using System.Threading.Tasks.Sources;
using Palisade.Broker.Hooks;
using Palisade.Mqtt;

namespace Palisade.Infrastructure.Telemetry;

/// <summary>
/// One message waiting for a commit, and the completion the broker waits on. It is its own
/// <see cref="IValueTaskSource{TResult}"/>, so a stored message costs this one object and no Task.
/// Continuations run on the store's writer after the commit (the broker's is short: it queues an acknowledgement).
/// </summary>
internal sealed class TelemetryRecord : IValueTaskSource<ReasonCode>
{
    private ManualResetValueTaskSourceCore<ReasonCode> _completion;

    public TelemetryRecord(long receivedUnixMs, string participant, string device, string topic, byte qos, TrafficClass trafficClass, long? envelopeSequence, ReadOnlyMemory<byte> payload)
    {
        ReceivedUnixMs = receivedUnixMs;
        Participant = participant;
        Device = device;
        Topic = topic;
        QoS = qos;
        TrafficClass = trafficClass;
        EnvelopeSequence = envelopeSequence;
        Payload = payload;
    }

    public long ReceivedUnixMs { get; }
    /// <summary>Participant id, or empty when the publisher has none (identity off).</summary>
    public string Participant { get; }
    /// <summary>Device (principal) id, or the client id when the publisher has no principal.</summary>
    public string Device { get; }
    public string Topic { get; }
    public byte QoS { get; }
    public TrafficClass TrafficClass { get; }
    /// <summary>The integrity envelope's sequence (u64 stored as its signed 64-bit pattern), or null without an envelope.</summary>
    public long? EnvelopeSequence { get; }
    /// <summary>The payload as received (envelope prefix included, so the tag stays verifiable); shared, never copied.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    public ValueTask<ReasonCode> Completion => new(this, _completion.Version);

    /// <summary>Called once, by the writer, after the commit (or its failure).</summary>
    public void Complete(ReasonCode result) => _completion.SetResult(result);

    ReasonCode IValueTaskSource<ReasonCode>.GetResult(short token) => _completion.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<ReasonCode>.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource<ReasonCode>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);
}
