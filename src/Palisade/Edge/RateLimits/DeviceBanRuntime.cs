using Microsoft.Extensions.Logging;
using Palisade.Admission.RateLimiting;
using Palisade.Infrastructure.Storage;

namespace Palisade.Edge.RateLimits;

/// <summary>
/// The node's rate stage with its device bans kept in the registry, so a restart does not lift a ban
/// (docs/admission.md, "Rate limits and bans"). Construction loads the saved bans into the stage before anything can
/// use it (the stage is resolved through this runtime); <see cref="Flush"/> writes the ban list when it changed
/// (every second, <see cref="DeviceBanPersistenceService"/>) and at stop. A ban made less than a second before a
/// crash can be lost; a graceful stop loses none. Thread-safe.
/// </summary>
internal sealed class DeviceBanRuntime : IDisposable
{
    private readonly DeviceBanStore _store;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _savedVersion;

    public DeviceBanRuntime(RateLimitStage stage, string dataDirectory, TimeProvider time, ILogger<DeviceBanRuntime> logger)
    {
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(logger);
        Stage = stage;
        _time = time;
        _store = DeviceBanStore.Open(DataFolder.Open(dataDirectory));
        try
        {
            var records = _store.LoadAll();
            var now = time.GetUtcNow();
            Stage.Bans.Restore(records, now);
            _savedVersion = Stage.Bans.Version;
            logger.DeviceBansRestored(records.Count(r => r.Until > now));
        }
        catch
        {
            _store.Dispose();
            throw;
        }
    }

    public RateLimitStage Stage { get; }

    /// <summary>Writes the ban list if it changed since the last write; true when it wrote.</summary>
    public bool Flush()
    {
        lock (_gate)
        {
            var version = Stage.Bans.Version;
            if (version == _savedVersion)
            {
                return false;
            }

            // The version is read before the snapshot: a change racing with it is written again next time.
            _store.ReplaceAll(Stage.Bans.Snapshot(_time.GetUtcNow()));
            _savedVersion = version;
            return true;
        }
    }

    public void Dispose() => _store.Dispose();
}
