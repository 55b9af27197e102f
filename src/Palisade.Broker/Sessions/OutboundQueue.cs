namespace Palisade.Broker.Sessions;

/// <summary>
/// A session's messages waiting to be written, bounded in count and bytes. Overflow policy: when full, the
/// oldest queued QoS 0 message is dropped to make room; when there is none, the new message is rejected.
/// QoS 0 and QoS 1/2 are held in two FIFOs so that dropping the oldest QoS 0 is O(1) and QoS 0 keeps flowing
/// while the client's Receive Maximum holds QoS 1/2 back; a sequence number merges them back into arrival order.
/// Not thread-safe: the owner (<see cref="Session"/>) holds its lock.
/// </summary>
internal sealed class OutboundQueue
{
    private Queue<(long Seq, QueuedMessage Message)>? _qos0;
    private Queue<(long Seq, QueuedMessage Message)>? _qos12;
    private long _sequence;

    public int Count { get; private set; }
    public long Bytes { get; private set; }

    public bool HasQoS0 => _qos0 is { Count: > 0 };
    public bool HasQoS12 => _qos12 is { Count: > 0 };

    public bool IsFull(int maxMessages, long maxBytes) => Count >= maxMessages || Bytes >= maxBytes;

    public EnqueueResult Enqueue(in QueuedMessage message, int maxMessages, long maxBytes, out QueuedMessage dropped)
    {
        dropped = default;
        var result = EnqueueResult.Queued;
        while (Count > 0 && (Count + 1 > maxMessages || Bytes + message.Size > maxBytes))
        {
            if (_qos0 is not { Count: > 0 })
            {
                return EnqueueResult.RejectedQueueFull;
            }

            var (_, oldest) = _qos0.Dequeue();
            Count--;
            Bytes -= oldest.Size;
            dropped = oldest;
            result = EnqueueResult.QueuedDroppedOldest;
        }

        var queue = message.QoS == Mqtt.QualityOfService.AtMostOnce
            ? _qos0 ??= new Queue<(long, QueuedMessage)>()
            : _qos12 ??= new Queue<(long, QueuedMessage)>();
        queue.Enqueue((_sequence++, message));
        Count++;
        Bytes += message.Size;
        return result;
    }

    /// <summary>Takes the oldest message; QoS 1/2 only when <paramref name="allowQoS12"/> (in-flight window open).</summary>
    public bool TryDequeue(bool allowQoS12, out QueuedMessage message)
    {
        var has0 = _qos0 is { Count: > 0 };
        var has12 = allowQoS12 && _qos12 is { Count: > 0 };
        Queue<(long Seq, QueuedMessage Message)>? from;
        if (has0 && has12)
        {
            from = _qos0!.Peek().Seq < _qos12!.Peek().Seq ? _qos0 : _qos12;
        }
        else
        {
            from = has0 ? _qos0 : has12 ? _qos12 : null;
        }

        if (from is null)
        {
            message = default;
            return false;
        }

        message = from.Dequeue().Message;
        Count--;
        Bytes -= message.Size;
        return true;
    }

    /// <summary>Releases the arrays of an empty queue (called when a session goes idle or offline), so idle sessions hold none.</summary>
    public void TrimIfEmpty(int keepCapacity = 0)
    {
        if (Count == 0)
        {
            if (_qos0 is not null && _qos0.EnsureCapacity(0) > keepCapacity)
            {
                _qos0 = null;
            }

            if (_qos12 is not null && _qos12.EnsureCapacity(0) > keepCapacity)
            {
                _qos12 = null;
            }
        }
    }

    /// <summary>Removes everything (session end); returns how many were removed.</summary>
    public int Clear()
    {
        var n = Count;
        _qos0 = null;
        _qos12 = null;
        Count = 0;
        Bytes = 0;
        return n;
    }
}
