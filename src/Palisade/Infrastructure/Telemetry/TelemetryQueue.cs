using Palisade.Broker.Hooks;

namespace Palisade.Infrastructure.Telemetry;

/// <summary>
/// The bounded queue between the broker's readers and the store's single writer: one FIFO per traffic class, so a
/// batch takes Control first, then Event, then Bulk (docs/admission.md, "Traffic classes"). When full it refuses
/// instead of growing; Bulk is refused from 90 % of the capacity so events and commands keep the last tenth.
/// </summary>
internal sealed class TelemetryQueue
{
    private readonly Lock _sync = new();
    private readonly Queue<TelemetryRecord>[] _byClass = [new(), new(), new()];
    private readonly int _capacity;
    private readonly int _bulkCapacity;
    private int _count;
    private bool _completed;
    private TaskCompletionSource? _waiter;

    public TelemetryQueue(int capacity)
    {
        _capacity = capacity;
        _bulkCapacity = Math.Max(1, capacity - (capacity / 10));
    }

    public int Count
    {
        get
        {
            lock (_sync)
            {
                return _count;
            }
        }
    }

    /// <summary>False when full for this class, or when the store is closing.</summary>
    public bool TryEnqueue(TelemetryRecord record)
    {
        TaskCompletionSource? wake;
        lock (_sync)
        {
            var limit = record.TrafficClass == TrafficClass.Bulk ? _bulkCapacity : _capacity;
            if (_completed || _count >= limit)
            {
                return false;
            }

            _byClass[(int)record.TrafficClass].Enqueue(record);
            _count++;
            wake = _waiter;
            _waiter = null;
        }

        wake?.TrySetResult();
        return true;
    }

    /// <summary>Waits until something is queued; false once the queue is completed and empty (the writer ends).</summary>
    public async ValueTask<bool> WaitAsync()
    {
        Task waiting;
        lock (_sync)
        {
            if (_count > 0)
            {
                return true;
            }

            if (_completed)
            {
                return false;
            }

            _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting = _waiter.Task;
        }

        await waiting.ConfigureAwait(false);
        return true;
    }

    /// <summary>Moves up to <paramref name="maximum"/> records into <paramref name="batch"/>: Control, then Event, then Bulk, each in arrival order.</summary>
    public int TakeBatch(List<TelemetryRecord> batch, int maximum)
    {
        lock (_sync)
        {
            var taken = 0;
            for (var c = (int)TrafficClass.Control; c >= (int)TrafficClass.Bulk && taken < maximum; c--)
            {
                var queue = _byClass[c];
                while (taken < maximum && queue.TryDequeue(out var record))
                {
                    batch.Add(record);
                    taken++;
                }
            }

            _count -= taken;
            return taken;
        }
    }

    /// <summary>No more records are accepted; the writer drains what is queued and ends.</summary>
    public void Complete()
    {
        TaskCompletionSource? wake;
        lock (_sync)
        {
            _completed = true;
            wake = _waiter;
            _waiter = null;
        }

        wake?.TrySetResult();
    }
}
