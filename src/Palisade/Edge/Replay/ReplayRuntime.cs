using Microsoft.Extensions.Logging;
using Palisade.Admission.Replay;
using Palisade.Infrastructure.Storage;

namespace Palisade.Edge.Replay;

/// <summary>
/// The anti-replay stage with its persisted state, opened once per node. Construction restores every window from
/// the registry and marks the run as started, so the stage never admits anything before its state is back; if the
/// previous run did not stop cleanly, it sets the stage's timestamp floor to <c>start + MaxFutureSkew</c>
/// (docs/admission.md, "Anti-replay state across restarts"). <see cref="Flush"/> writes the changed windows (called
/// every flush interval by <see cref="ReplayPersistenceService"/>), <see cref="Shutdown"/> the last ones and the
/// clean-stop mark. Thread-safe.
/// </summary>
internal sealed class ReplayRuntime : IDisposable
{
    private readonly ReplayStateStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private bool _stopped;

    public ReplayRuntime(string dataDirectory, ReplayOptions options, TimeProvider time, ILogger<ReplayRuntime> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _logger = logger;
        Stage = new ReplayStage(options);
        _store = ReplayStateStore.Open(DataFolder.Open(dataDirectory));
        try
        {
            var states = _store.LoadAll();
            Stage.Restore(states);
            var start = time.GetUtcNow();
            PreviousStopWasClean = _store.BeginRun(start);
            if (!PreviousStopWasClean)
            {
                // Every message admitted before the crash had a timestamp <= crash time + MaxFutureSkew <= start +
                // MaxFutureSkew; refusing those closes the gap of window updates that were not yet written.
                Stage.RaiseTimestampFloor(start + options.MaxFutureSkew);
                logger.ReplayUncleanStop(start + options.MaxFutureSkew);
            }

            logger.ReplayStateRestored(states.Count, PreviousStopWasClean);
        }
        catch
        {
            _store.Dispose();
            throw;
        }
    }

    public ReplayStage Stage { get; }

    /// <summary>False when the previous run ended without its final flush (crash, kill -9, power loss).</summary>
    public bool PreviousStopWasClean { get; }

    /// <summary>Writes the windows changed since the last flush in one transaction; returns how many.</summary>
    public int Flush()
    {
        lock (_gate)
        {
            return _stopped ? 0 : FlushLocked();
        }
    }

    /// <summary>
    /// The final flush and the clean-stop mark. Call after the broker has closed every connection (nothing is
    /// admitted any more). Idempotent. If the flush fails the mark is not written, so the next start is treated as
    /// unclean.
    /// </summary>
    public void Shutdown()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            FlushLocked();
            _store.EndRun(_time.GetUtcNow());
            _stopped = true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            _store.Dispose();
        }
    }

    private int FlushLocked()
    {
        var dirty = Stage.CaptureDirty();
        if (dirty.Count == 0)
        {
            return 0;
        }

        _store.Save(dirty, _time.GetUtcNow());
        Stage.MarkPersisted(dirty);
        return dirty.Count;
    }
}
