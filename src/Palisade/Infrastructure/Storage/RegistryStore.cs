using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Data.Sqlite;
using Palisade.Edge.Identity;
using Palisade.Infrastructure.Pki;
using Palisade.Platform.Applications;
using Palisade.Platform.Participants;

namespace Palisade.Infrastructure.Storage;

/// <summary>
/// The registry of participants, devices and applications in &lt;data&gt;/palisade.db. Every change is one
/// transaction: validated first, applied whole or not at all. Thread-safe (one connection behind a lock: the
/// registry is read at connect time and written by provisioning, never per message).
/// </summary>
internal sealed partial class RegistryStore : IIdentityDirectory, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    private RegistryStore(SqliteConnection connection) => _connection = connection;

    public static RegistryStore Open(DataFolder data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new RegistryStore(SqliteDatabase.Open(data.RegistryDatabasePath, RegistrySchema.Migrations));
    }

    public void Dispose() => _connection.Dispose();

    // ---------------------------------------------------------------- participants

    public ParticipantRecord AddParticipant(string id, IReadOnlyList<X509Certificate2> cas, DateTimeOffset now)
    {
        CheckId("id", id);
        lock (_gate)
        {
            using var tx = SqliteDatabase.BeginImmediate(_connection);
            ClaimId(tx, "participant", id, "participant", now, "a participant with this id exists or existed");
            Exec(tx, "INSERT INTO participants (id, state, created_utc, state_changed_utc) VALUES ($id, 'active', $t, $t)", ("$id", id), ("$t", Time(now)));
            foreach (var ca in cas)
            {
                InsertCa(tx, id, ca, now);
            }

            RecordChange(tx, "participant", id, IdentityState.Active, now);
            tx.Commit();
        }

        return FindParticipant(id)!;
    }

    /// <summary>Registers one more CA for an existing, active participant.</summary>
    public void TrustCa(string participantId, X509Certificate2 ca, DateTimeOffset now)
    {
        lock (_gate)
        {
            using var tx = SqliteDatabase.BeginImmediate(_connection);
            RequireActiveParticipant(tx, "participant", participantId);
            InsertCa(tx, participantId, ca, now);
            tx.Commit();
        }
    }

    public IReadOnlyList<ParticipantRecord> ListParticipants()
    {
        lock (_gate)
        {
            var ids = Query(null, "SELECT id FROM participants ORDER BY id", r => r.GetString(0));
            return [.. ids.Select(id => LoadParticipant(null, id)!)];
        }
    }

    public ParticipantRecord? FindParticipant(string id)
    {
        lock (_gate)
        {
            return LoadParticipant(null, id);
        }
    }

    public IReadOnlyList<ParticipantCa> ActiveParticipantCas()
    {
        lock (_gate)
        {
            return Query(null,
                "SELECT c.participant_id, c.thumbprint, c.subject, c.not_after, c.der FROM participant_cas c JOIN participants p ON p.id = c.participant_id WHERE p.state = 'active' ORDER BY c.participant_id, c.thumbprint",
                ReadCa);
        }
    }

    // ---------------------------------------------------------------- devices

    /// <summary>
    /// Registers a device with its credential and allowlist. <paramref name="beforeCommit"/> runs inside the
    /// transaction (e.g. writing the key files): if it throws, nothing is registered.
    /// </summary>
    public DeviceRecord AddDevice(string id, string participantId, NewCredential credential, IReadOnlyList<CidrRange> allowlist, DateTimeOffset now, Action? beforeCommit = null, string? deviceClass = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(allowlist);
        CheckId("id", id);
        CheckDeviceClass(deviceClass);
        lock (_gate)
        {
            using var tx = SqliteDatabase.BeginImmediate(_connection);
            RequireActiveParticipant(tx, "participant", participantId);
            if (credential.IsNone && !Exists(tx, "SELECT 1 FROM participant_cas WHERE participant_id = $p", ("$p", participantId)))
            {
                throw new RegistryException("participant", participantId,
                    "has no registered CA, so the device needs its own credential (--csr, --out or --secret)");
            }

            ClaimId(tx, "principal", id, "device", now, "a device or application with this id exists or existed (ids are never reused)");
            Exec(tx, "INSERT INTO devices (id, participant_id, state, created_utc, state_changed_utc, class) VALUES ($id, $p, 'active', $t, $t, $c)",
                ("$id", id), ("$p", participantId), ("$t", Time(now)), ("$c", deviceClass));
            if (credential.CertificateThumbprint is not null)
            {
                if (Exists(tx, "SELECT 1 FROM device_credentials WHERE cert_thumbprint = $th", ("$th", credential.CertificateThumbprint)))
                {
                    throw new RegistryException("certificate", credential.CertificateThumbprint, "is already registered to a device");
                }

                Exec(tx, """
                    INSERT INTO device_credentials (device_id, kind, state, created_utc, cert_thumbprint, cert_serial, issuer_thumbprint, not_after)
                    VALUES ($d, 'certificate', 'active', $t, $th, $s, $i, $na)
                    """,
                    ("$d", id), ("$t", Time(now)), ("$th", credential.CertificateThumbprint), ("$s", credential.CertificateSerial),
                    ("$i", credential.IssuerThumbprint), ("$na", credential.NotAfter is { } na ? Time(na) : null));
            }

            if (credential.Secret is { } secret)
            {
                Exec(tx, """
                    INSERT INTO device_credentials (device_id, kind, state, created_utc, secret_salt, secret_hash, secret_iterations)
                    VALUES ($d, 'secret', 'active', $t, $salt, $hash, $it)
                    """,
                    ("$d", id), ("$t", Time(now)), ("$salt", secret.Salt), ("$hash", secret.Hash), ("$it", secret.Iterations));
            }

            foreach (var range in allowlist.Distinct())
            {
                Exec(tx, "INSERT INTO device_allowlist (device_id, cidr) VALUES ($d, $c)", ("$d", id), ("$c", range.ToString()));
            }

            RecordChange(tx, "device", id, IdentityState.Active, now);
            beforeCommit?.Invoke();
            tx.Commit();
        }

        return FindDevice(id)!;
    }

    public IReadOnlyList<DeviceRecord> ListDevices(string? participantId = null)
    {
        lock (_gate)
        {
            var ids = participantId is null
                ? Query(null, "SELECT id FROM devices ORDER BY id", r => r.GetString(0))
                : Query(null, "SELECT id FROM devices WHERE participant_id = $p ORDER BY id", r => r.GetString(0), ("$p", participantId));
            return [.. ids.Select(id => LoadDevice(id)!)];
        }
    }

    public DeviceRecord? FindDevice(string id)
    {
        lock (_gate)
        {
            return LoadDevice(id);
        }
    }

    /// <summary>Revokes a device and all its credentials. Final: the device can never return, its id never be reused.</summary>
    public DeviceRecord RevokeDevice(string id, string? reason, DateTimeOffset now)
    {
        lock (_gate)
        {
            using var tx = SqliteDatabase.BeginImmediate(_connection);
            var state = Query(tx, "SELECT state FROM devices WHERE id = $id", r => r.GetString(0), ("$id", id)).SingleOrDefault()
                ?? throw new RegistryException("id", id, "no such device");
            if (state == "revoked")
            {
                throw new RegistryException("id", id, "device is already revoked");
            }

            Exec(tx, "UPDATE devices SET state = 'revoked', state_reason = $r, state_changed_utc = $t WHERE id = $id", ("$id", id), ("$r", reason), ("$t", Time(now)));
            Exec(tx, "UPDATE device_credentials SET state = 'revoked' WHERE device_id = $id", ("$id", id));
            RecordChange(tx, "device", id, IdentityState.Revoked, now);
            tx.Commit();
        }

        return FindDevice(id)!;
    }

    // ---------------------------------------------------------------- applications

    public ApplicationRecord AddApplication(string id, string participantId, IReadOnlyList<ApplicationGrant> grants, SecretHash secret, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(grants);
        ArgumentNullException.ThrowIfNull(secret);
        CheckId("id", id);
        if (grants.Count == 0)
        {
            throw new RegistryException("grant", null, "at least one grant is required (" + ApplicationRightText.AllText + ")");
        }

        lock (_gate)
        {
            using var tx = SqliteDatabase.BeginImmediate(_connection);
            RequireActiveParticipant(tx, "participant", participantId);
            ClaimId(tx, "principal", id, "application", now, "a device or application with this id exists or existed (ids are never reused)");
            Exec(tx, """
                INSERT INTO applications (id, participant_id, state, created_utc, state_changed_utc, secret_salt, secret_hash, secret_iterations)
                VALUES ($id, $p, 'active', $t, $t, $salt, $hash, $it)
                """,
                ("$id", id), ("$p", participantId), ("$t", Time(now)), ("$salt", secret.Salt), ("$hash", secret.Hash), ("$it", secret.Iterations));
            foreach (var grant in grants.Distinct())
            {
                if (!grant.CoversAllDevices)
                {
                    CheckId("grant", grant.DeviceScope);
                    var owner = Query(tx, "SELECT participant_id FROM devices WHERE id = $d", r => r.GetString(0), ("$d", grant.DeviceScope)).SingleOrDefault();
                    if (owner != participantId)
                    {
                        throw new RegistryException("grant", grant.ToString(), $"no such device in participant '{participantId}'");
                    }
                }

                Exec(tx, "INSERT INTO application_grants (application_id, grant_right, device_scope) VALUES ($a, $r, $s)",
                    ("$a", id), ("$r", grant.Right.ToText()), ("$s", grant.DeviceScope));
            }

            RecordChange(tx, "application", id, IdentityState.Active, now);
            tx.Commit();
        }

        return FindApplication(id)!;
    }

    public IReadOnlyList<ApplicationRecord> ListApplications(string? participantId = null)
    {
        lock (_gate)
        {
            var ids = participantId is null
                ? Query(null, "SELECT id FROM applications ORDER BY id", r => r.GetString(0))
                : Query(null, "SELECT id FROM applications WHERE participant_id = $p ORDER BY id", r => r.GetString(0), ("$p", participantId));
            return [.. ids.Select(id => LoadApplication(id)!)];
        }
    }

    public ApplicationRecord? FindApplication(string id)
    {
        lock (_gate)
        {
            return LoadApplication(id);
        }
    }

    public ApplicationRecord RevokeApplication(string id, DateTimeOffset now)
    {
        lock (_gate)
        {
            using var tx = SqliteDatabase.BeginImmediate(_connection);
            var state = Query(tx, "SELECT state FROM applications WHERE id = $id", r => r.GetString(0), ("$id", id)).SingleOrDefault()
                ?? throw new RegistryException("id", id, "no such application");
            if (state == "revoked")
            {
                throw new RegistryException("id", id, "application is already revoked");
            }

            Exec(tx, "UPDATE applications SET state = 'revoked', state_changed_utc = $t WHERE id = $id", ("$id", id), ("$t", Time(now)));
            RecordChange(tx, "application", id, IdentityState.Revoked, now);
            tx.Commit();
        }

        return FindApplication(id)!;
    }

    /// <summary>State changes after <paramref name="afterSeq"/>, oldest first: what a running broker polls to end revoked sessions.</summary>
    public IReadOnlyList<StateChange> StateChangesSince(long afterSeq)
    {
        lock (_gate)
        {
            return Query(null, "SELECT seq, kind, id, state, changed_utc FROM state_changes WHERE seq > $s ORDER BY seq",
                r => new StateChange(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), ParseTime(r.GetString(4))), ("$s", afterSeq));
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void CheckId(string field, string id)
    {
        if (IdentifierRules.Problem(id) is { } problem)
        {
            throw new RegistryException(field, id, problem);
        }
    }

    private void ClaimId(SqliteTransaction tx, string ns, string id, string kind, DateTimeOffset now, string problem)
    {
        if (Exists(tx, "SELECT 1 FROM ids_ever WHERE namespace = $n AND id = $id", ("$n", ns), ("$id", id)))
        {
            throw new RegistryException("id", id, problem);
        }

        Exec(tx, "INSERT INTO ids_ever (namespace, id, kind, created_utc) VALUES ($n, $id, $k, $t)", ("$n", ns), ("$id", id), ("$k", kind), ("$t", Time(now)));
    }

    private void RequireActiveParticipant(SqliteTransaction tx, string field, string participantId)
    {
        var state = Query(tx, "SELECT state FROM participants WHERE id = $id", r => r.GetString(0), ("$id", participantId)).SingleOrDefault()
            ?? throw new RegistryException(field, participantId, "no such participant");
        if (state != "active")
        {
            throw new RegistryException(field, participantId, $"participant is {state}");
        }
    }

    private void InsertCa(SqliteTransaction tx, string participantId, X509Certificate2 ca, DateTimeOffset now)
    {
        var thumbprint = CertificateFacts.Thumbprint(ca);
        var basic = ca.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        if (basic is null || !basic.CertificateAuthority)
        {
            throw new RegistryException("ca", ca.Subject, "is not a CA certificate (basic constraints CA:true missing)");
        }

        if (ca.NotAfter.ToUniversalTime() <= now.UtcDateTime)
        {
            throw new RegistryException("ca", ca.Subject, "has expired");
        }

        if (Exists(tx, "SELECT 1 FROM participant_cas WHERE thumbprint = $th", ("$th", thumbprint)))
        {
            throw new RegistryException("ca", ca.Subject, "is already registered");
        }

        Exec(tx, "INSERT INTO participant_cas (participant_id, thumbprint, subject, not_after, der, added_utc) VALUES ($p, $th, $s, $na, $der, $t)",
            ("$p", participantId), ("$th", thumbprint), ("$s", ca.Subject), ("$na", Time(new DateTimeOffset(ca.NotAfter.ToUniversalTime()))),
            ("$der", ca.RawData), ("$t", Time(now)));
    }

    private void RecordChange(SqliteTransaction tx, string kind, string id, IdentityState state, DateTimeOffset now) =>
        Exec(tx, "INSERT INTO state_changes (kind, id, state, changed_utc) VALUES ($k, $id, $s, $t)", ("$k", kind), ("$id", id), ("$s", state.ToText()), ("$t", Time(now)));

    private ParticipantRecord? LoadParticipant(SqliteTransaction? tx, string id)
    {
        var row = Query(tx, "SELECT id, state, created_utc FROM participants WHERE id = $id",
            r => (Id: r.GetString(0), State: IdentityStateText.Parse(r.GetString(1)), Created: ParseTime(r.GetString(2))), ("$id", id)).SingleOrDefault();
        if (row.Id is null)
        {
            return null;
        }

        var cas = Query(tx, "SELECT participant_id, thumbprint, subject, not_after, der FROM participant_cas WHERE participant_id = $id ORDER BY thumbprint", ReadCa, ("$id", id));
        return new ParticipantRecord(row.Id, row.State, row.Created, cas);
    }

    private DeviceRecord? LoadDevice(string id)
    {
        var row = Query(null, "SELECT id, participant_id, state, created_utc, state_reason, class FROM devices WHERE id = $id",
            r => (Id: r.GetString(0), P: r.GetString(1), State: IdentityStateText.Parse(r.GetString(2)), Created: ParseTime(r.GetString(3)), Reason: r.IsDBNull(4) ? null : r.GetString(4),
                Class: r.IsDBNull(5) ? null : r.GetString(5)),
            ("$id", id)).SingleOrDefault();
        if (row.Id is null)
        {
            return null;
        }

        var credentials = Query(null, """
            SELECT id, device_id, kind, state, created_utc, cert_thumbprint, cert_serial, issuer_thumbprint, not_after, secret_salt, secret_hash, secret_iterations
            FROM device_credentials WHERE device_id = $id ORDER BY id
            """,
            r => new DeviceCredential(
                r.GetInt64(0), r.GetString(1),
                r.GetString(2) == "certificate" ? DeviceCredentialKind.Certificate : DeviceCredentialKind.Secret,
                r.GetString(3) == "revoked",
                ParseTime(r.GetString(4)),
                r.IsDBNull(5) ? null : r.GetString(5),
                r.IsDBNull(6) ? null : r.GetString(6),
                r.IsDBNull(7) ? null : r.GetString(7),
                r.IsDBNull(8) ? null : ParseTime(r.GetString(8)),
                r.IsDBNull(10) ? null : new SecretHash((byte[])r[9], (byte[])r[10], r.GetInt32(11))),
            ("$id", id));
        var allowlist = Query(null, "SELECT cidr FROM device_allowlist WHERE device_id = $id ORDER BY cidr", r => CidrRange.Parse(r.GetString(0)), ("$id", id));
        return new DeviceRecord(row.Id, row.P, row.State, row.Created, row.Reason, credentials, allowlist) { Class = row.Class };
    }

    private ApplicationRecord? LoadApplication(string id)
    {
        var row = Query(null, "SELECT id, participant_id, state, created_utc, secret_salt, secret_hash, secret_iterations FROM applications WHERE id = $id",
            r => (Id: r.GetString(0), P: r.GetString(1), State: IdentityStateText.Parse(r.GetString(2)), Created: ParseTime(r.GetString(3)),
                Secret: new SecretHash((byte[])r[4], (byte[])r[5], r.GetInt32(6))),
            ("$id", id)).SingleOrDefault();
        if (row.Id is null)
        {
            return null;
        }

        var grants = Query(null, "SELECT grant_right, device_scope FROM application_grants WHERE application_id = $id ORDER BY grant_right, device_scope",
            r => ApplicationRightText.TryParse(r.GetString(0), out var right)
                ? new ApplicationGrant(right, r.GetString(1))
                : throw new FormatException("unknown grant in store"),
            ("$id", id));
        return new ApplicationRecord(row.Id, row.P, row.State, row.Created, grants, row.Secret);
    }

    private static ParticipantCa ReadCa(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), ParseTime(r.GetString(3)), (byte[])r[4]);

    private bool Exists(SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters) =>
        Query(tx, sql, _ => true, parameters).Count > 0;

    private void Exec(SqliteTransaction tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        Bind(command, parameters);
        command.ExecuteNonQuery();
    }

    private List<T> Query<T>(SqliteTransaction? tx, string sql, Func<SqliteDataReader, T> read, params (string Name, object? Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        Bind(command, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static void Bind(SqliteCommand command, (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
    }

    internal static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    internal static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
