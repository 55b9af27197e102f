using Microsoft.Extensions.Logging.Abstractions;
using Palisade.Broker.Hooks;
using Palisade.Infrastructure.Telemetry;
using Palisade.Mqtt;
using static Palisade.Tests.Infrastructure.Telemetry.TelemetryTestData;

namespace Palisade.Tests.Infrastructure.Telemetry;

public sealed class SqliteTelemetryStoreTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _temp = new();

    private string DbPath => Path.Combine(_temp.Path, TelemetrySchema.FileName);

    private SqliteTelemetryStore Open(int capacity = 65_536, int batchSize = 4_096, TimeProvider? time = null) =>
        new(DbPath, new TelemetryOptions { QueueCapacity = capacity, BatchSize = batchSize }, time ?? TimeProvider.System, NullLogger.Instance);

    public void Dispose() => _temp.Dispose();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        // Bounded poll: at most Timeout.
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Message_is_in_the_file_with_its_facts_when_its_store_task_completes()
    {
        var time = new FixedTime(DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_123));
        await using var store = Open(time: time);

        var result = await store.StoreAsync(Device(), Message("21.5", seq: 42), TrafficClass.Bulk, CancellationToken.None);

        Assert.Equal(ReasonCode.Success, result);
        var row = Assert.Single(ReadRows(DbPath));
        Assert.Equal((1_790_000_000_123L, "acme", "press-1", "p/acme/d/press-1/telemetry/t", 1, TrafficClass.Bulk, (long?)42, "21.5"),
            (row.ReceivedMs, row.Participant, row.Device, row.Topic, row.QoS, row.Class, row.Seq, row.Payload));
    }

    [Fact]
    public async Task Messages_queued_while_a_commit_is_in_progress_share_one_transaction()
    {
        await using var store = Open();
        Task<ReasonCode> first;
        Task<ReasonCode>[] rest;
        using (HoldWriteLock(DbPath))
        {
            // The lock is held before "first" is sent: otherwise the writer may commit it before the lock is taken.
            first = store.StoreAsync(Device(), Message("first"), TrafficClass.Bulk, CancellationToken.None).AsTask();
            // The writer took "first" and waits for the lock; everything sent meanwhile queues up.
            await WaitUntilAsync(() => store.Queued == 0);
            rest = [.. Enumerable.Range(0, 1000).Select(i => store.StoreAsync(Device(), Message($"m{i}"), TrafficClass.Bulk, CancellationToken.None).AsTask())];
            Assert.False(first.IsCompleted);
        }

        Assert.Equal(ReasonCode.Success, await first.WaitAsync(Timeout));
        Assert.All(await Task.WhenAll(rest).WaitAsync(Timeout), r => Assert.Equal(ReasonCode.Success, r));
        Assert.Equal(1001, store.Committed);
        Assert.Equal(2, store.Batches);
        Assert.Equal(1001, ReadRows(DbPath).Count);
    }

    [Fact]
    public async Task Batch_closes_at_the_configured_size()
    {
        await using var store = Open(batchSize: 100);
        Task<ReasonCode>[] all;
        using (HoldWriteLock(DbPath))
        {
            var first = store.StoreAsync(Device(), Message("first"), TrafficClass.Bulk, CancellationToken.None).AsTask();
            await WaitUntilAsync(() => store.Queued == 0);
            all = [first, .. Enumerable.Range(0, 250).Select(i => store.StoreAsync(Device(), Message($"m{i}"), TrafficClass.Bulk, CancellationToken.None).AsTask())];
        }

        await Task.WhenAll(all).WaitAsync(Timeout);
        Assert.Equal(1 + 3, store.Batches); // 1, then 100 + 100 + 50
    }

    [Fact]
    public async Task Resend_of_the_same_enveloped_message_is_stored_once_and_acknowledged_both_times()
    {
        await using var store = Open();
        Assert.Equal(ReasonCode.Success, await store.StoreAsync(Device(), Message("a", seq: 7), TrafficClass.Bulk, CancellationToken.None));
        // Again later (a resend after a lost PUBACK), twice in one batch, and the same seq from another device.
        var again = store.StoreAsync(Device(), Message("a", seq: 7), TrafficClass.Bulk, CancellationToken.None).AsTask();
        var twice = store.StoreAsync(Device(), Message("a", seq: 7), TrafficClass.Bulk, CancellationToken.None).AsTask();
        var other = store.StoreAsync(Device(device: "press-2"), Message("b", seq: 7), TrafficClass.Bulk, CancellationToken.None).AsTask();
        // Without an envelope nothing is merged.
        var plain1 = store.StoreAsync(Device(), Message("c"), TrafficClass.Bulk, CancellationToken.None).AsTask();
        var plain2 = store.StoreAsync(Device(), Message("c"), TrafficClass.Bulk, CancellationToken.None).AsTask();

        Assert.All(await Task.WhenAll(again, twice, other, plain1, plain2).WaitAsync(Timeout), r => Assert.Equal(ReasonCode.Success, r));
        var rows = ReadRows(DbPath);
        Assert.Equal(["press-1:a:7", "press-2:b:7", "press-1:c:", "press-1:c:"], rows.Select(r => $"{r.Device}:{r.Payload}:{r.Seq}"));
    }

    [Fact]
    public async Task Duplicates_inside_one_multi_row_statement_are_stored_once_in_arrival_order()
    {
        await using var store = Open();
        Task<ReasonCode>[] all;
        using (HoldWriteLock(DbPath))
        {
            all = [.. Enumerable.Range(0, 300).Select(i => store.StoreAsync(Device(), Message($"m{i}", seq: (ulong)(i % 50) + 1), TrafficClass.Bulk, CancellationToken.None).AsTask())];
        }

        Assert.All(await Task.WhenAll(all).WaitAsync(Timeout), r => Assert.Equal(ReasonCode.Success, r));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"m{i}"), ReadRows(DbPath).Select(r => r.Payload));
    }

    [Fact]
    public async Task Full_queue_refuses_with_quota_exceeded_bulk_first_and_keeps_what_it_accepted()
    {
        await using var store = Open(capacity: 10);
        var accepted = new List<Task<ReasonCode>>();
        using (HoldWriteLock(DbPath))
        {
            accepted.Add(store.StoreAsync(Device(), Message("taken"), TrafficClass.Bulk, CancellationToken.None).AsTask());
            await WaitUntilAsync(() => store.Queued == 0);

            // Bulk stops at 90 % (9 of 10).
            for (var i = 0; i < 9; i++)
            {
                accepted.Add(store.StoreAsync(Device(), Message($"bulk{i}"), TrafficClass.Bulk, CancellationToken.None).AsTask());
            }

            Assert.Equal(ReasonCode.QuotaExceeded, await store.StoreAsync(Device(), Message("bulk-refused"), TrafficClass.Bulk, CancellationToken.None));
            // The last tenth is for events and commands, then everything is refused.
            accepted.Add(store.StoreAsync(Device(), Message("event"), TrafficClass.Event, CancellationToken.None).AsTask());
            Assert.Equal(ReasonCode.QuotaExceeded, await store.StoreAsync(Device(), Message("control-refused"), TrafficClass.Control, CancellationToken.None));
            Assert.Equal(2, store.Refused);
            Assert.All(accepted, t => Assert.False(t.IsCompleted));
        }

        Assert.All(await Task.WhenAll(accepted).WaitAsync(Timeout), r => Assert.Equal(ReasonCode.Success, r));
        var payloads = ReadRows(DbPath).Select(r => r.Payload).ToList();
        Assert.Equal(11, payloads.Count);
        Assert.DoesNotContain("bulk-refused", payloads);
        Assert.DoesNotContain("control-refused", payloads);
    }

    [Fact]
    public async Task Control_and_event_messages_are_committed_before_bulk_queued_earlier()
    {
        await using var store = Open(batchSize: 2);
        var all = new List<Task<ReasonCode>>();
        using (HoldWriteLock(DbPath))
        {
            all.Add(store.StoreAsync(Device(), Message("starter"), TrafficClass.Bulk, CancellationToken.None).AsTask());
            await WaitUntilAsync(() => store.Queued == 0);
            foreach (var (payload, trafficClass) in new[] { ("b1", TrafficClass.Bulk), ("b2", TrafficClass.Bulk), ("e1", TrafficClass.Event), ("b3", TrafficClass.Bulk), ("c1", TrafficClass.Control), ("e2", TrafficClass.Event) })
            {
                all.Add(store.StoreAsync(Device(), Message(payload), trafficClass, CancellationToken.None).AsTask());
            }
        }

        await Task.WhenAll(all).WaitAsync(Timeout);
        // Each class keeps its arrival order; batches of two take Control, then Event, then Bulk.
        Assert.Equal(["starter", "c1", "e1", "e2", "b1", "b2", "b3"], ReadRows(DbPath).Select(r => r.Payload));
    }

    [Fact]
    public async Task Rows_survive_closing_and_reopening_the_store()
    {
        await using (var store = Open())
        {
            await store.StoreAsync(Device(), Message("before", seq: 1), TrafficClass.Event, CancellationToken.None);
        }

        await using (var reopened = Open())
        {
            // The dedupe key still holds across restarts.
            await reopened.StoreAsync(Device(), Message("before", seq: 1), TrafficClass.Event, CancellationToken.None);
            await reopened.StoreAsync(Device(), Message("after", seq: 2), TrafficClass.Event, CancellationToken.None);
        }

        Assert.Equal(["before", "after"], ReadRows(DbPath).Select(r => r.Payload));
    }

    [Fact]
    public async Task Dispose_commits_what_is_queued_and_later_messages_are_refused()
    {
        var store = Open();
        Task<ReasonCode>[] queued;
        using (HoldWriteLock(DbPath))
        {
            queued = [.. Enumerable.Range(0, 50).Select(i => store.StoreAsync(Device(), Message($"m{i}"), TrafficClass.Bulk, CancellationToken.None).AsTask())];
        }

        await store.DisposeAsync();
        Assert.All(queued, t => Assert.True(t.IsCompletedSuccessfully));
        Assert.All(await Task.WhenAll(queued), r => Assert.Equal(ReasonCode.Success, r));
        Assert.Equal(50, ReadRows(DbPath).Count);
        Assert.Equal(ReasonCode.QuotaExceeded, await store.StoreAsync(Device(), Message("late"), TrafficClass.Bulk, CancellationToken.None));
    }

    [Fact]
    public async Task Binary_envelope_prefix_sequence_is_the_dedupe_key()
    {
        await using var store = Open();
        byte[] payload = [0x50, 0x45, 0x01, 2, (byte)'k', (byte)'1', 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 1, 32, .. new byte[32], (byte)'x'];
        var message = Message("");
        message.Payload = payload;
        await store.StoreAsync(Device(), message, TrafficClass.Bulk, CancellationToken.None);
        await store.StoreAsync(Device(), message, TrafficClass.Bulk, CancellationToken.None);

        var row = Assert.Single(ReadRows(DbPath));
        Assert.Equal(9, row.Seq);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
