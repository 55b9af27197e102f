using Microsoft.Extensions.Logging;
using Palisade.Broker.Hooks;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;

namespace Palisade.Infrastructure.Telemetry;

/// <summary>
/// The broker's <see cref="IMessageStore"/>: admitted QoS 1/2 messages go into a bounded <see cref="TelemetryQueue"/>;
/// one writer task drains it in batches (a batch closes at <see cref="TelemetryOptions.BatchSize"/> messages or when
/// the queue is empty), writes each batch in one transaction (group commit) and only then completes the messages,
/// which releases their acknowledgements. Control and Event messages are taken before Bulk.
/// </summary>
internal abstract class TelemetryStore : IMessageStore, IAsyncDisposable
{
    private readonly TelemetryQueue _queue;
    private readonly int _batchSize;
    private readonly TimeProvider _time;
    private Task _writer = Task.CompletedTask;
    private int _disposed;
    private long _committed;
    private long _batches;
    private long _refused;
    private long _failed;

    protected TelemetryStore(TelemetryOptions options, TimeProvider time, ILogger logger)
    {
        _queue = new TelemetryQueue(options.QueueCapacity);
        _batchSize = options.BatchSize;
        _time = time;
        Logger = logger;
    }

    protected ILogger Logger { get; }

    /// <summary>Messages committed (duplicates of an already stored envelope included: they are acknowledged too).</summary>
    public long Committed => Interlocked.Read(ref _committed);

    /// <summary>Transactions committed.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Messages refused because the queue was full (answered 0x97 / connection closed).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Messages whose batch failed to commit (answered 0x80 / connection closed).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Messages waiting for a commit now.</summary>
    public int Queued => _queue.Count;

    /// <summary>Starts the single writer; called by the concrete store once its database is open.</summary>
    protected void StartWriter() => _writer = Task.Run(WriteLoopAsync);

    public ValueTask<ReasonCode> StoreAsync(ClientIdentity publisher, PublishPacket message, TrafficClass trafficClass, CancellationToken cancellationToken)
    {
        var record = new TelemetryRecord(
            _time.GetUtcNow().ToUnixTimeMilliseconds(),
            publisher.ParticipantId ?? "",
            publisher.Principal ?? publisher.ClientId,
            message.Topic,
            (byte)message.QoS,
            trafficClass,
            EnvelopeSequence.Read(message),
            message.Payload);
        if (!_queue.TryEnqueue(record))
        {
            if (Interlocked.Increment(ref _refused) == 1)
            {
                TelemetryLog.QueueFull(Logger);
            }

            return ValueTask.FromResult(ReasonCode.QuotaExceeded);
        }

        return record.Completion;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<TelemetryRecord>(Math.Min(_batchSize, 4096));
        while (await _queue.WaitAsync().ConfigureAwait(false))
        {
            _queue.TakeBatch(batch, _batchSize);
            var result = ReasonCode.Success;
            try
            {
                await WriteBatchAsync(batch).ConfigureAwait(false);
                Interlocked.Add(ref _committed, batch.Count);
                Interlocked.Increment(ref _batches);
            }
#pragma warning disable CA1031 // The writer must outlive a failed batch: its messages are refused, the next batch retries on a fresh connection.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                TelemetryLog.BatchFailed(Logger, ex, batch.Count);
                Interlocked.Add(ref _failed, batch.Count);
                result = ReasonCode.UnspecifiedError;
                await ResetAfterFailureAsync().ConfigureAwait(false);
            }

            // After the commit, never before: this releases the acknowledgements.
            foreach (var record in batch)
            {
                record.Complete(result);
            }

            batch.Clear();
        }
    }

    /// <summary>Writes one batch in one transaction; returns only once it is durable.</summary>
    protected abstract ValueTask WriteBatchAsync(IReadOnlyList<TelemetryRecord> batch);

    /// <summary>After a failed batch: drop the connection so the next batch starts clean. Must not throw.</summary>
    protected abstract ValueTask ResetAfterFailureAsync();

    /// <summary>Closes the database once the writer has ended.</summary>
    protected abstract ValueTask CloseAsync();

    /// <summary>Stops accepting, commits what is queued, closes. Called after the broker stopped (graceful shutdown).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Complete();
        await _writer.ConfigureAwait(false);
        await CloseAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }
}
