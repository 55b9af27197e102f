using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Palisade.Infrastructure.Audit;

/// <summary>
/// The running audit log: a bounded channel in front of one background writer that commits batches in one
/// transaction each (group commit: one fsync per batch, not per event) and signs checkpoints every N records, every
/// T seconds with new records, and at shutdown (<see cref="DisposeAsync"/>), so that a removed tail is detectable.
/// If the disk write fails the writer keeps the batch and retries each second; the queue then fills and writers wait:
/// decisions slow down rather than lose their evidence.
/// </summary>
internal sealed partial class AuditLog : IAuditLog, IAsyncDisposable
{
    private readonly AuditStore _store;
    private readonly AuditSigningKey _key;
    private readonly AuditLogOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<AuditEvent> _channel;
    private readonly Task _writer;
    private long _lost;
    private long _written;

    public AuditLog(AuditStore store, AuditSigningKey key, AuditLogOptions? options = null, TimeProvider? time = null, ILogger<AuditLog>? logger = null)
    {
        _store = store;
        _key = key;
        _options = options ?? new AuditLogOptions();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _channel = Channel.CreateBounded<AuditEvent>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _writer = Task.Run(RunAsync);
    }

    public long LostCount => Interlocked.Read(ref _lost);

    /// <summary>Records committed by this instance.</summary>
    public long WrittenCount => Interlocked.Read(ref _written);

    public ValueTask WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default) =>
        _channel.Writer.WriteAsync(auditEvent, cancellationToken);

    public bool TryWrite(AuditEvent auditEvent)
    {
        if (_channel.Writer.TryWrite(auditEvent))
        {
            return true;
        }

        Interlocked.Increment(ref _lost);
        return false;
    }

    /// <summary>Stops accepting events, writes everything queued, and signs a final checkpoint.</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        var batch = new List<AuditEvent>(_options.MaxBatch);
        var sinceCheckpoint = 0L;
        var lastCheckpoint = _time.GetTimestamp();
        var lostReported = 0L;
        Task<bool>? wait = null;
        while (true)
        {
            // One outstanding wait at a time: a timed-out wait is kept and awaited again next round.
            wait ??= reader.WaitToReadAsync().AsTask();
            var finished = await Task.WhenAny(wait, Task.Delay(_options.CheckpointInterval, _time)).ConfigureAwait(false);
            if (finished == wait)
            {
                var more = await wait.ConfigureAwait(false);
                wait = null;
                if (!more)
                {
                    break;
                }
            }

            while (batch.Count < _options.MaxBatch && reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            var lost = Interlocked.Read(ref _lost);
            if (lost > lostReported)
            {
                batch.Add(new AuditEvent(_time.GetUtcNow(), "palisade", "audit.lost", "audit", AuditOutcome.Alert,
                    $"{lost - lostReported} audit events could not be queued (queue full); {lost} since start"));
                lostReported = lost;
            }

            if (batch.Count > 0)
            {
                await CommitAsync(batch).ConfigureAwait(false);
                sinceCheckpoint += batch.Count;
                batch.Clear();
            }

            if (sinceCheckpoint > 0 && (sinceCheckpoint >= _options.CheckpointEveryRecords || _time.GetElapsedTime(lastCheckpoint) >= _options.CheckpointInterval))
            {
                Checkpoint();
                sinceCheckpoint = 0;
                lastCheckpoint = _time.GetTimestamp();
            }
        }

        Checkpoint();
    }

    private async Task CommitAsync(List<AuditEvent> batch)
    {
        // Bounded: a failing disk is retried for about a minute, then the batch is dropped with a log error and
        // counted as lost (so the next successful write records the loss in the chain).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _store.Append(batch, _options.Node);
                Interlocked.Add(ref _written, batch.Count);
                return;
            }
            catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException)
            {
                LogWriteFailed(_logger, ex, batch.Count, attempt);
                if (attempt >= 60)
                {
                    Interlocked.Add(ref _lost, batch.Count);
                    return;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), _time).ConfigureAwait(false);
            }
        }
    }

    private void Checkpoint()
    {
        try
        {
            _store.WriteCheckpoint(_key, _options.Node, _time.GetUtcNow());
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException)
        {
            LogCheckpointFailed(_logger, ex);
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Error, Message = "Audit log: writing {Count} records failed (attempt {Attempt}); retrying")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count, int attempt);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Audit log: signing a checkpoint failed")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
