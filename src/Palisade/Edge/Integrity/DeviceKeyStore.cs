using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Palisade.Admission.Integrity;
using Palisade.Infrastructure.Storage;

namespace Palisade.Edge.Integrity;

/// <summary>
/// The device keys of the registry, in memory, for <see cref="IntegrityStage"/>: lookups never touch SQLite. A
/// background timer reads the registry's newest state-change number every <c>pollInterval</c> (one indexed read) and,
/// when it moved — a key added, rotated or retired here or by a <c>palisade device key</c> run in another process, a
/// device added or revoked — reloads all keys and device classes and swaps the snapshot atomically. Keys whose
/// content did not change keep their <see cref="DeviceKey"/> instance, so imported public keys survive reloads.
/// Keys of revoked devices are dropped. Grace ends need no reload: <see cref="DeviceKey.IsAcceptedAt"/> compares with
/// the admission time. Thread-safe.
/// </summary>
internal sealed class DeviceKeyStore : IDeviceKeyDirectory, IDisposable
{
    /// <summary>Default poll interval: a change made by the CLI is in force within about this long.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(250);

    private readonly RegistryStore _registry;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly Lock _reloadGate = new();
    private volatile Snapshot _snapshot = Snapshot.Empty;
    private long _seenSeq = -1;
    private int _disposed;

    /// <summary>Loads the keys now (throws if the registry cannot be read) and starts watching for changes.</summary>
    public DeviceKeyStore(RegistryStore registry, TimeProvider time, TimeSpan? pollInterval = null, ILogger<DeviceKeyStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(time);
        _registry = registry;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Reload(force: true);
        var period = pollInterval ?? DefaultPollInterval;
        _timer = time.CreateTimer(static state => ((DeviceKeyStore)state!).Poll(), this, period, period);
    }

    /// <summary>Number of reloads done (the first load counts), for tests and diagnostics.</summary>
    public int Reloads { get; private set; }

    /// <inheritdoc/>
    public IReadOnlyList<DeviceKey> KeysOf(string deviceId) =>
        _snapshot.Keys.TryGetValue(deviceId, out var keys) ? keys : [];

    /// <summary>The device's class from the registry ("plc", "sensor"...), or null: for <c>AdmissionContext.DeviceClass</c>.</summary>
    public string? DeviceClassOf(string deviceId) =>
        _snapshot.Classes.TryGetValue(deviceId, out var deviceClass) ? deviceClass : null;

    /// <summary>Reloads if the registry changed since the last load. Returns true when it reloaded.</summary>
    public bool RefreshIfChanged() => Reload(force: false);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _timer.Dispose();
        }
    }

    private void Poll()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        try
        {
            Reload(force: false);
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException or FormatException or ObjectDisposedException)
        {
            // Keep serving the last good snapshot; a locked or briefly unavailable registry must not drop all keys.
            _logger.DeviceKeysReloadFailed(ex);
        }
    }

    private bool Reload(bool force)
    {
        // One reload at a time: a slow reload must not be overtaken by an older one swapping in stale keys.
        lock (_reloadGate)
        {
            var seq = _registry.LatestChangeSeq();
            if (!force && seq == _seenSeq)
            {
                return false;
            }

            var previous = _snapshot;
            var records = _registry.LoadLiveDeviceKeys();
            var classes = _registry.DeviceClasses();
            var keys = new Dictionary<string, DeviceKey[]>(StringComparer.Ordinal);
            var count = 0;
            foreach (var group in records.GroupBy(r => r.DeviceId, StringComparer.Ordinal))
            {
                var list = new List<DeviceKey>();
                foreach (var record in group)
                {
                    var reused = previous.Keys.TryGetValue(record.DeviceId, out var old)
                        ? Array.Find(old, k => Matches(k, record))
                        : null;
                    var key = reused ?? Make(record);
                    if (key is not null)
                    {
                        list.Add(key);
                    }
                }

                keys[group.Key] = [.. list];
                count += list.Count;
            }

            _snapshot = new Snapshot(keys.ToFrozenDictionary(StringComparer.Ordinal), classes.ToFrozenDictionary(StringComparer.Ordinal));
            _seenSeq = seq;
            Reloads++;
            _logger.DeviceKeysReloaded(count, keys.Count);
            return true;
        }
    }

    /// <summary>True when the cached key has exactly the record's content (compared without importing the record).</summary>
    private static bool Matches(DeviceKey key, DeviceKeyRecord record) =>
        key.KeyId == record.KeyId && key.Algorithm == record.Algorithm && key.State == record.State &&
        key.RetiringUntil == (record.State == DeviceKeyState.Retiring ? record.RetiringUntil : null) &&
        key.Material.Span.SequenceEqual(record.Material);

    private DeviceKey? Make(DeviceKeyRecord record)
    {
        try
        {
            return record.ToDeviceKey();
        }
        catch (ArgumentException ex)
        {
            _logger.DeviceKeyUnusable(record.DeviceId, record.KeyId, ex.Message);
            return null;
        }
    }

    private sealed record Snapshot(FrozenDictionary<string, DeviceKey[]> Keys, FrozenDictionary<string, string> Classes)
    {
        public static Snapshot Empty { get; } = new(FrozenDictionary<string, DeviceKey[]>.Empty, FrozenDictionary<string, string>.Empty);
    }
}
