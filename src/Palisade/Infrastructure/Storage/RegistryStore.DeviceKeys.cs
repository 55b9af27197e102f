using Microsoft.Data.Sqlite;
using Palisade.Admission.Integrity;
using Palisade.Edge.Integrity;

namespace Palisade.Infrastructure.Storage;

/// <summary>
/// Device keys for the integrity envelope (migration 2) and device classes. Every change also appends a row to
/// state_changes (kind 'device-key'), which is how a running broker — possibly another process than the CLI that
/// made the change — notices it (<see cref="DeviceKeyStore"/>).
/// </summary>
internal sealed partial class RegistryStore
{
    /// <summary>Kind of the state_changes rows written for device keys.</summary>
    public const string DeviceKeyChangeKind = "device-key";

    /// <summary>
    /// Adds a key to an active device of <paramref name="participantId"/>. <paramref name="keyId"/> null picks the next
    /// free "k{n}". With <paramref name="rotateGrace"/> the device's active keys become retiring until now + grace (retired
    /// at once when the grace is zero), and at least one active key must exist. <paramref name="beforeCommit"/> runs in
    /// the transaction with the key id (writing key files): if it throws, nothing is applied.
    /// </summary>
    public DeviceKeyRecord AddDeviceKey(string deviceId, string participantId, string? keyId, KeyAlgorithm algorithm, byte[] material,
        DateTimeOffset now, TimeSpan? rotateGrace = null, Action<string>? beforeCommit = null)
    {
        ArgumentNullException.ThrowIfNull(material);
        if (keyId is not null && !EnvelopeFormat.IsValidKeyId(keyId))
        {
            throw new RegistryException("kid", keyId, "a key id is 1-64 characters of letters, digits, '.', '_' and '-'");
        }

        // Import once now so an unusable key never reaches the registry (and the broker never meets it).
        try
        {
            _ = new DeviceKey(keyId ?? "k1", algorithm, material);
        }
        catch (ArgumentException ex)
        {
            throw new RegistryException("public-key", null, "not a valid " + algorithm.ToName() + " key: " + ex.Message);
        }

        string kid;
        lock (_gate)
        {
            using var tx = SqliteDatabase.BeginImmediate(_connection);
            RequireKeyableDevice(tx, deviceId, participantId);
            var existing = Query(tx, "SELECT key_id, state FROM device_keys WHERE device_id = $d", r => (Id: r.GetString(0), State: r.GetString(1)), ("$d", deviceId));
            if (keyId is not null && existing.Any(k => k.Id == keyId))
            {
                throw new RegistryException("kid", keyId, $"device '{deviceId}' has or had a key with this id (key ids are never reused)");
            }

            kid = keyId ?? NextKeyId(existing.Select(k => k.Id));
            if (rotateGrace is { } grace)
            {
                if (!existing.Any(k => k.State == "active"))
                {
                    throw new RegistryException("DEVICE", deviceId, "has no active key to rotate; use 'device key add'");
                }

                var retiring = existing.Where(k => k.State == "active").Select(k => k.Id).ToList();
                foreach (var old in retiring)
                {
                    if (grace > TimeSpan.Zero)
                    {
                        Exec(tx, "UPDATE device_keys SET state = 'retiring', retiring_until = $u, state_changed_utc = $t WHERE device_id = $d AND key_id = $k",
                            ("$u", Time(now + grace)), ("$t", Time(now)), ("$d", deviceId), ("$k", old));
                        RecordKeyChange(tx, deviceId, old, "retiring", now);
                    }
                    else
                    {
                        Exec(tx, "UPDATE device_keys SET state = 'retired', retiring_until = NULL, state_changed_utc = $t WHERE device_id = $d AND key_id = $k",
                            ("$t", Time(now)), ("$d", deviceId), ("$k", old));
                        RecordKeyChange(tx, deviceId, old, "retired", now);
                    }
                }
            }

            Exec(tx, """
                INSERT INTO device_keys (participant_id, device_id, key_id, algorithm, material, created_utc, state, retiring_until, state_changed_utc)
                VALUES ($p, $d, $k, $a, $m, $t, 'active', NULL, $t)
                """,
                ("$p", participantId), ("$d", deviceId), ("$k", kid), ("$a", algorithm.ToName()), ("$m", material), ("$t", Time(now)));
            RecordKeyChange(tx, deviceId, kid, "active", now);
            beforeCommit?.Invoke(kid);
            tx.Commit();
        }

        return ListDeviceKeys(deviceId).Single(k => k.KeyId == kid);
    }

    /// <summary>Retires a key at once (from active or retiring): no message made with it is accepted any more.</summary>
    public DeviceKeyRecord RetireDeviceKey(string deviceId, string keyId, DateTimeOffset now)
    {
        lock (_gate)
        {
            using var tx = SqliteDatabase.BeginImmediate(_connection);
            if (!Exists(tx, "SELECT 1 FROM devices WHERE id = $d", ("$d", deviceId)))
            {
                throw new RegistryException("DEVICE", deviceId, "no such device");
            }

            var state = Query(tx, "SELECT state FROM device_keys WHERE device_id = $d AND key_id = $k", r => r.GetString(0), ("$d", deviceId), ("$k", keyId)).SingleOrDefault()
                ?? throw new RegistryException("KID", keyId, $"device '{deviceId}' has no such key");
            if (state == "retired")
            {
                throw new RegistryException("KID", keyId, "key is already retired");
            }

            Exec(tx, "UPDATE device_keys SET state = 'retired', retiring_until = NULL, state_changed_utc = $t WHERE device_id = $d AND key_id = $k",
                ("$t", Time(now)), ("$d", deviceId), ("$k", keyId));
            RecordKeyChange(tx, deviceId, keyId, "retired", now);
            tx.Commit();
        }

        return ListDeviceKeys(deviceId).Single(k => k.KeyId == keyId);
    }

    /// <summary>The device's keys, in order of creation.</summary>
    public IReadOnlyList<DeviceKeyRecord> ListDeviceKeys(string deviceId)
    {
        lock (_gate)
        {
            return Query(null, KeySelect + " WHERE device_id = $d ORDER BY created_utc, key_id", ReadKey, ("$d", deviceId));
        }
    }

    /// <summary>All keys of devices that are not revoked: what the broker's key cache holds.</summary>
    public IReadOnlyList<DeviceKeyRecord> LoadLiveDeviceKeys()
    {
        lock (_gate)
        {
            return Query(null, KeySelect + " WHERE device_id IN (SELECT id FROM devices WHERE state <> 'revoked') ORDER BY device_id, created_utc, key_id", ReadKey);
        }
    }

    /// <summary>Device id → class, for devices that have a class.</summary>
    public IReadOnlyDictionary<string, string> DeviceClasses()
    {
        lock (_gate)
        {
            return Query(null, "SELECT id, class FROM devices WHERE class IS NOT NULL", r => (Id: r.GetString(0), Class: r.GetString(1)))
                .ToDictionary(r => r.Id, r => r.Class, StringComparer.Ordinal);
        }
    }

    /// <summary>Sequence number of the newest state change (0 when none): one cheap indexed read to notice any change.</summary>
    public long LatestChangeSeq()
    {
        lock (_gate)
        {
            return Query(null, "SELECT COALESCE(MAX(seq), 0) FROM state_changes", r => r.GetInt64(0)).Single();
        }
    }

    /// <summary>Device classes: one word such as "plc" or "sensor" (same characters as ids, at most 32).</summary>
    internal static void CheckDeviceClass(string? deviceClass)
    {
        if (deviceClass is null)
        {
            return;
        }

        if (Edge.Identity.IdentifierRules.Problem(deviceClass) is { } problem)
        {
            throw new RegistryException("class", deviceClass, problem);
        }

        if (deviceClass.Length > 32)
        {
            throw new RegistryException("class", deviceClass, "longer than 32 characters");
        }
    }

    private const string KeySelect =
        "SELECT participant_id, device_id, key_id, algorithm, material, created_utc, state, retiring_until, state_changed_utc FROM device_keys";

    private static DeviceKeyRecord ReadKey(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2),
        KeyAlgorithmNames.TryParse(r.GetString(3), out var alg) ? alg : throw new FormatException("unknown key algorithm in store"),
        (byte[])r[4], ParseTime(r.GetString(5)), DeviceKeyRecord.ParseState(r.GetString(6)),
        r.IsDBNull(7) ? null : ParseTime(r.GetString(7)), ParseTime(r.GetString(8)));

    private void RequireKeyableDevice(SqliteTransaction tx, string deviceId, string participantId)
    {
        var row = Query(tx, "SELECT participant_id, state FROM devices WHERE id = $d", r => (P: r.GetString(0), State: r.GetString(1)), ("$d", deviceId)).SingleOrDefault();
        if (row.P is null)
        {
            throw new RegistryException("DEVICE", deviceId, "no such device");
        }

        if (row.P != participantId)
        {
            throw new RegistryException("participant", participantId, $"device '{deviceId}' belongs to another participant");
        }

        if (row.State != "active")
        {
            throw new RegistryException("DEVICE", deviceId, $"device is {row.State}");
        }
    }

    private static string NextKeyId(IEnumerable<string> existing)
    {
        var taken = existing.ToHashSet(StringComparer.Ordinal);
        for (var n = 1; ; n++)
        {
            var candidate = "k" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    private void RecordKeyChange(SqliteTransaction tx, string deviceId, string keyId, string state, DateTimeOffset now) =>
        Exec(tx, "INSERT INTO state_changes (kind, id, state, changed_utc) VALUES ($k, $id, $s, $t)",
            ("$k", DeviceKeyChangeKind), ("$id", deviceId + "/" + keyId), ("$s", state), ("$t", Time(now)));
}
