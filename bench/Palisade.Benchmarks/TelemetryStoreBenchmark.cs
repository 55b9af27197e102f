using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Palisade.Broker.Hooks;
using Palisade.Infrastructure.Telemetry;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;

namespace Palisade.Benchmarks;

/// <summary>
/// <c>--telemetry-store [SECONDS] [PUBLISHERS] [WINDOW] [full|normal]</c>: the SQLite telemetry store alone, in process,
/// in a temp folder. Each simulated publisher keeps WINDOW stores outstanding (as a connection holds up to Receive
/// Maximum acknowledgements), so the figure is the store's durable commit rate without the network or the broker.
/// End to end (broker + store over TCP) is bench/scripts/run-durable-ingest.sh.
/// </summary>
internal static class TelemetryStoreBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var publishers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 8;
        var window = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 256;
        var sync = args.Length > 4 ? args[4] : "full";
        var folder = Directory.CreateTempSubdirectory("palisade-telemetry-bench-");
        try
        {
            var options = new TelemetryOptions { Synchronous = sync };
            var store = new SqliteTelemetryStore(Path.Combine(folder.FullName, TelemetrySchema.FileName), options, TimeProvider.System, NullLogger.Instance);
            await using (store.ConfigureAwait(false))
            {
                var payload = new byte[100];
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
                var clock = Stopwatch.StartNew();
                var counts = await Task.WhenAll(Enumerable.Range(0, publishers).Select(p => PublishAsync(store, p, window, payload, stop.Token))).ConfigureAwait(false);
                var elapsed = clock.Elapsed.TotalSeconds;
                var total = counts.Sum();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"sqlite synchronous={sync}: {total / elapsed:F0} msg/s committed ({total:N0} in {elapsed:F1} s), {store.Batches:N0} transactions, {(double)store.Committed / Math.Max(1, store.Batches):F0} messages per commit, {publishers} publishers x window {window}"));
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        return 0;
    }

    private static async Task<long> PublishAsync(SqliteTelemetryStore store, int publisher, int window, byte[] payload, CancellationToken stop)
    {
        var identity = new ClientIdentity($"bench-{publisher}", $"dev-{publisher}", "bench", new Dictionary<string, string>());
        var message = new PublishPacket { Topic = $"p/bench/d/dev-{publisher}/telemetry/t", QoS = QualityOfService.AtLeastOnce, Payload = payload };
        var inFlight = new Queue<Task<ReasonCode>>(window);
        long done = 0;
        while (!stop.IsCancellationRequested)
        {
            while (inFlight.Count < window)
            {
                inFlight.Enqueue(store.StoreAsync(identity, message, TrafficClass.Bulk, CancellationToken.None).AsTask());
            }

            if (await inFlight.Dequeue().ConfigureAwait(false) == ReasonCode.Success)
            {
                done++;
            }
        }

        while (inFlight.Count > 0)
        {
            await inFlight.Dequeue().ConfigureAwait(false);
        }

        return done;
    }
}
