using Palisade.Broker.Diagnostics;
using Palisade.Broker.Hooks;
using Palisade.Mqtt;

namespace Palisade.Broker.Sessions;

/// <summary>
/// A session's messages waiting to be written, bounded in count and bytes, in one lane per traffic class.
/// <para>Serving order: Control, then Event, then Bulk. Within a class, arrival order (a sequence number merges the QoS 0
/// and QoS 1/2 FIFOs of the lane). MQTT 5.0 section 4.6 requires order only per topic (and QoS) of one publisher; a topic
/// always has one class (admission decides it from the topic class), so lanes never reorder messages of one topic.</para>
/// <para>Overflow policy, when a new delivery does not fit: shed the oldest queued Bulk (QoS 0 first, then — only for an
/// incoming Event or Control — QoS 1/2), then, for an incoming Event or Control, the oldest Event (QoS 0; QoS 1/2 only
/// for Control). A new Bulk therefore only ever sheds Bulk QoS 0 (issue 2's drop-oldest-QoS 0 behaviour) and is
/// otherwise rejected. Control is never shed: when nothing is left to shed (the queue holds Control only), Control is
/// queued beyond the shared bound up to <c>maxControlMessages</c> Control messages and twice <c>maxBytes</c>; past that the enqueue answers
/// <see cref="EnqueueResult.RejectedControlLimit"/> and the session's owner disconnects the slow consumer.</para>
/// QoS 0 and QoS 1/2 are separate FIFOs so that shedding the oldest QoS 0 is O(1) and QoS 0 keeps flowing while the
/// client's Receive Maximum holds QoS 1/2 back. Every byte queued or released is reported to <see cref="BrokerStats"/>
/// (the node-wide budget). Not thread-safe: the owner (<see cref="Session"/>) holds its lock.
/// </summary>
internal sealed class OutboundQueue(BrokerStats? stats = null)
{
    private const int Classes = 3;

    // Lane index = class * 2 + (QoS 1/2 ? 1 : 0). Allocated on first use, released when empty (idle sessions hold none).
    private Queue<(long Seq, QueuedMessage Message)>?[]? _lanes;
    private long _sequence;
    private int _controlCount;
    private long _controlBytes;

    public int Count { get; private set; }
    public long Bytes { get; private set; }

    /// <summary>Control messages queued (they may exceed the shared bound; see the class remarks).</summary>
    public int ControlCount => _controlCount;

    public bool HasQoS0 => Any(qos12: false);
    public bool HasQoS12 => Any(qos12: true);

    public bool IsFull(int maxMessages, long maxBytes) => Count >= maxMessages || Bytes >= maxBytes;

    /// <summary>Enqueue with the shared bound only (no Control allowance beyond it).</summary>
    public EnqueueResult Enqueue(in QueuedMessage message, int maxMessages, long maxBytes, out QueuedMessage dropped) =>
        Enqueue(message, maxMessages, maxBytes, 0, out dropped);

    /// <summary>
    /// Queues <paramref name="message"/>, shedding per the overflow policy. <paramref name="dropped"/> is the last delivery
    /// shed (several may be, each counted in <see cref="BrokerStats"/>).
    /// </summary>
    public EnqueueResult Enqueue(in QueuedMessage message, int maxMessages, long maxBytes, int maxControlMessages, out QueuedMessage dropped)
    {
        dropped = default;
        var result = EnqueueResult.Queued;
        var size = message.Size;
        while (Count > 0 && (Count + 1 > maxMessages || Bytes + size > maxBytes))
        {
            if (TryShedFor(message.Class, out var shed))
            {
                dropped = shed;
                result = EnqueueResult.QueuedDroppedOldest;
                continue;
            }

            if (message.Class != TrafficClass.Control)
            {
                return EnqueueResult.RejectedQueueFull;
            }

            // Nothing left to shed means the queue holds Control only. Control is never shed: it is queued past the shared
            // bound, within its own hard limit (count, and twice the byte bound).
            var controlByteLimit = maxBytes > long.MaxValue / 2 ? long.MaxValue : maxBytes * 2;
            if (_controlCount + 1 > maxControlMessages || _controlBytes + size > controlByteLimit)
            {
                return EnqueueResult.RejectedControlLimit;
            }

            break;
        }

        var lanes = _lanes ??= new Queue<(long, QueuedMessage)>?[Classes * 2];
        var index = LaneIndex(message.Class, message.QoS != QualityOfService.AtMostOnce);
        (lanes[index] ??= new Queue<(long, QueuedMessage)>()).Enqueue((_sequence++, message));
        Count++;
        Bytes += size;
        if (message.Class == TrafficClass.Control)
        {
            _controlCount++;
            _controlBytes += size;
        }

        stats?.QueuedBytesAdd(size);
        return result;
    }

    /// <summary>
    /// Takes the next message: the highest class that has one, oldest first within it; QoS 1/2 only when
    /// <paramref name="allowQoS12"/> (in-flight window open).
    /// </summary>
    public bool TryDequeue(bool allowQoS12, out QueuedMessage message)
    {
        if (Count > 0 && _lanes is { } lanes)
        {
            for (var c = Classes - 1; c >= 0; c--)
            {
                var q0 = lanes[c * 2];
                var q12 = allowQoS12 ? lanes[(c * 2) + 1] : null;
                var has0 = q0 is { Count: > 0 };
                var has12 = q12 is { Count: > 0 };
                if (!has0 && !has12)
                {
                    continue;
                }

                var from = has0 && has12 ? (q0!.Peek().Seq < q12!.Peek().Seq ? q0 : q12) : has0 ? q0! : q12!;
                message = from.Dequeue().Message;
                Remove(message);
                return true;
            }
        }

        message = default;
        return false;
    }

    /// <summary>Releases the arrays of an empty queue (called when a session goes idle or offline), so idle sessions hold none.</summary>
    public void TrimIfEmpty(int keepCapacity = 0)
    {
        if (Count != 0 || _lanes is not { } lanes)
        {
            return;
        }

        var any = false;
        for (var i = 0; i < lanes.Length; i++)
        {
            if (lanes[i] is { } lane && lane.EnsureCapacity(0) > keepCapacity)
            {
                lanes[i] = null;
            }

            any |= lanes[i] is not null;
        }

        if (!any)
        {
            _lanes = null;
        }
    }

    /// <summary>Removes everything (session end); returns how many were removed.</summary>
    public int Clear()
    {
        var n = Count;
        stats?.QueuedBytesAdd(-Bytes);
        _lanes = null;
        Count = 0;
        Bytes = 0;
        _controlCount = 0;
        _controlBytes = 0;
        return n;
    }

    private static int LaneIndex(TrafficClass trafficClass, bool qos12) => ((int)trafficClass * 2) + (qos12 ? 1 : 0);

    /// <summary>Sheds the oldest delivery an incoming one of <paramref name="incoming"/> may displace (see the class remarks).</summary>
    private bool TryShedFor(TrafficClass incoming, out QueuedMessage shed)
    {
        if (_lanes is { } lanes)
        {
            // Bulk QoS 0, then Bulk QoS 1/2 (only for a higher class), then Event QoS 0, then Event QoS 1/2 (only for Control).
            if (TryShedFrom(lanes[LaneIndex(TrafficClass.Bulk, false)], out shed)
                || (incoming > TrafficClass.Bulk && TryShedFrom(lanes[LaneIndex(TrafficClass.Bulk, true)], out shed))
                || (incoming >= TrafficClass.Event && TryShedFrom(lanes[LaneIndex(TrafficClass.Event, false)], out shed))
                || (incoming == TrafficClass.Control && TryShedFrom(lanes[LaneIndex(TrafficClass.Event, true)], out shed)))
            {
                return true;
            }
        }

        shed = default;
        return false;
    }

    private bool TryShedFrom(Queue<(long Seq, QueuedMessage Message)>? lane, out QueuedMessage shed)
    {
        if (lane is { Count: > 0 })
        {
            shed = lane.Dequeue().Message;
            Remove(shed);
            stats?.QueueShedOne(shed.Class, shed.QoS);
            return true;
        }

        shed = default;
        return false;
    }

    private void Remove(in QueuedMessage message)
    {
        var size = message.Size;
        Count--;
        Bytes -= size;
        if (message.Class == TrafficClass.Control)
        {
            _controlCount--;
            _controlBytes -= size;
        }

        stats?.QueuedBytesAdd(-size);
    }

    private bool Any(bool qos12)
    {
        if (_lanes is { } lanes)
        {
            for (var c = 0; c < Classes; c++)
            {
                if (lanes[LaneIndex((TrafficClass)c, qos12)] is { Count: > 0 })
                {
                    return true;
                }
            }
        }

        return false;
    }
}
