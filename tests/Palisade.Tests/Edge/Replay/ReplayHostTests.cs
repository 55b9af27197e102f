using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Palisade.Admission.Pipeline;
using Palisade.Admission.Replay;
using Palisade.Mqtt.Packets;
using Palisade.Tests.TestSupport;

namespace Palisade.Tests.Edge.Replay;

/// <summary>The anti-replay state as the real host runs it: write-behind, final flush at stop, restore at start.</summary>
public sealed class ReplayHostTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "palisade-replay-host-" + Guid.NewGuid().ToString("N"));

    private string DataDirectory => Path.Combine(_root, "data");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private Task<PalisadeServerFixture> StartAsync(int flushMilliseconds = 1000) => PalisadeServerFixture.StartAsync(o =>
    {
        o.DataDirectory = DataDirectory;
        o.Settings["Palisade:Identity:Enabled"] = "true";
        o.Settings["Palisade:Admission:Replay:FlushIntervalMilliseconds"] = flushMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    });

    private static AdmissionContext Publish(ulong seq, DateTimeOffset now) =>
        new(new PublishPacket { Topic = "p/acme/d/dev-1/telemetry/t" }, "dev-1", "acme", now)
        {
            Envelope = new EnvelopeFacts("k1", seq, now),
        };

    private long PersistedHighest()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "palisade.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT highest_seq FROM replay_state WHERE participant_id = 'acme' AND device_id = 'dev-1'";
        return command.ExecuteScalar() is long highest ? highest : 0;
    }

    [Fact]
    public async Task Windows_survive_a_graceful_restart_of_the_host()
    {
        var now = DateTimeOffset.UtcNow;
        await using (var server = await StartAsync())
        {
            var stage = server.Services.GetRequiredService<ReplayStage>();
            for (ulong seq = 1; seq <= 3; seq++)
            {
                Assert.True(stage.Evaluate(Publish(seq, now)).Admitted);
            }

            await server.StopAsync();
        }

        Assert.Equal(3, PersistedHighest());
        await using var restarted = await StartAsync();
        var restored = restarted.Services.GetRequiredService<ReplayStage>();

        Assert.Null(restored.TimestampFloor);
        Assert.Equal(ReplayStage.DuplicateRefusal, restored.Evaluate(Publish(3, now)).Refusal);
        Assert.True(restored.Evaluate(Publish(4, DateTimeOffset.UtcNow)).Admitted);
    }

    [Fact]
    public async Task Changed_windows_are_written_behind_while_the_host_runs()
    {
        await using var server = await StartAsync(flushMilliseconds: 100);
        var stage = server.Services.GetRequiredService<ReplayStage>();
        Assert.True(stage.Evaluate(Publish(42, DateTimeOffset.UtcNow)).Admitted);

        // Bounded wait for the background write (no stop, no explicit flush).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (PersistedHighest() != 42 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(42, PersistedHighest());
    }

    [Fact]
    public async Task Invalid_window_option_fails_the_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => PalisadeServerFixture.StartAsync(o =>
        {
            o.DataDirectory = DataDirectory;
            o.Settings["Palisade:Identity:Enabled"] = "true";
            o.Settings["Palisade:Admission:Replay:Window"] = "1000";
        }));

        Assert.Contains("Palisade:Admission:Replay:Window", error.ToString(), StringComparison.Ordinal);
    }
}
