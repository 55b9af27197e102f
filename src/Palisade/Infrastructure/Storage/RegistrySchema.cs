namespace Palisade.Infrastructure.Storage;

/// <summary>Schema of palisade.db (participants, devices, applications, credentials, allowlists).</summary>
internal static class RegistrySchema
{
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "identities", """
            -- Every id ever registered, never deleted: a retired or revoked id can never be registered again, even if
            -- its participant is later erased. Devices and applications share one namespace because both become MQTT
            -- client ids and principals.
            CREATE TABLE ids_ever (
                namespace TEXT NOT NULL CHECK (namespace IN ('participant', 'principal')),
                id TEXT NOT NULL,
                kind TEXT NOT NULL,
                created_utc TEXT NOT NULL,
                PRIMARY KEY (namespace, id));
            CREATE TRIGGER ids_ever_no_delete BEFORE DELETE ON ids_ever BEGIN SELECT RAISE(ABORT, 'ids are never released'); END;
            CREATE TRIGGER ids_ever_no_update BEFORE UPDATE ON ids_ever BEGIN SELECT RAISE(ABORT, 'ids are never released'); END;

            CREATE TABLE participants (
                id TEXT PRIMARY KEY,
                state TEXT NOT NULL CHECK (state IN ('active', 'suspended', 'revoked')),
                created_utc TEXT NOT NULL,
                state_changed_utc TEXT NOT NULL);

            CREATE TABLE participant_cas (
                participant_id TEXT NOT NULL REFERENCES participants(id),
                thumbprint TEXT NOT NULL UNIQUE,
                subject TEXT NOT NULL,
                not_after TEXT NOT NULL,
                der BLOB NOT NULL,
                added_utc TEXT NOT NULL,
                PRIMARY KEY (participant_id, thumbprint));

            CREATE TABLE devices (
                id TEXT PRIMARY KEY,
                participant_id TEXT NOT NULL REFERENCES participants(id),
                state TEXT NOT NULL CHECK (state IN ('active', 'suspended', 'revoked')),
                state_reason TEXT,
                created_utc TEXT NOT NULL,
                state_changed_utc TEXT NOT NULL);
            CREATE INDEX ix_devices_participant ON devices(participant_id);

            CREATE TABLE device_credentials (
                id INTEGER PRIMARY KEY,
                device_id TEXT NOT NULL REFERENCES devices(id),
                kind TEXT NOT NULL CHECK (kind IN ('certificate', 'secret')),
                state TEXT NOT NULL CHECK (state IN ('active', 'revoked')),
                created_utc TEXT NOT NULL,
                cert_thumbprint TEXT UNIQUE,
                cert_serial TEXT,
                issuer_thumbprint TEXT,
                not_after TEXT,
                secret_salt BLOB,
                secret_hash BLOB,
                secret_iterations INTEGER,
                CHECK ((kind = 'certificate' AND cert_thumbprint IS NOT NULL AND issuer_thumbprint IS NOT NULL)
                    OR (kind = 'secret' AND secret_hash IS NOT NULL AND secret_salt IS NOT NULL AND secret_iterations >= 1)));
            CREATE INDEX ix_device_credentials_device ON device_credentials(device_id);

            CREATE TABLE device_allowlist (
                device_id TEXT NOT NULL REFERENCES devices(id),
                cidr TEXT NOT NULL,
                PRIMARY KEY (device_id, cidr));

            CREATE TABLE applications (
                id TEXT PRIMARY KEY,
                participant_id TEXT NOT NULL REFERENCES participants(id),
                state TEXT NOT NULL CHECK (state IN ('active', 'suspended', 'revoked')),
                created_utc TEXT NOT NULL,
                state_changed_utc TEXT NOT NULL,
                secret_salt BLOB NOT NULL,
                secret_hash BLOB NOT NULL,
                secret_iterations INTEGER NOT NULL CHECK (secret_iterations >= 1));

            CREATE TABLE application_grants (
                application_id TEXT NOT NULL REFERENCES applications(id),
                grant_right TEXT NOT NULL CHECK (grant_right IN ('subscribe:telemetry', 'subscribe:events', 'subscribe:state', 'subscribe:commands', 'publish:commands')),
                device_scope TEXT NOT NULL,
                PRIMARY KEY (application_id, grant_right, device_scope));

            -- State changes in order, so a running broker can poll "what changed since N" and end revoked sessions.
            CREATE TABLE state_changes (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                kind TEXT NOT NULL,
                id TEXT NOT NULL,
                state TEXT NOT NULL,
                changed_utc TEXT NOT NULL);
            """),
        new(2, "device-keys", """
            -- Device class (e.g. 'plc', 'sensor'): admission policy may require an integrity envelope per class.
            ALTER TABLE devices ADD COLUMN class TEXT;

            -- Keys that make the integrity envelope's tag (docs/admission.md). material: the 32-byte HMAC secret (hs256;
            -- needed to verify, which is why palisade.db is 0600), the 32-byte raw Ed25519 public key (ed25519) or the
            -- DER SubjectPublicKeyInfo of a P-256 key (es256). Rows are never deleted, so a key id is never reused for
            -- the device. A retiring key is accepted until retiring_until, then refused.
            CREATE TABLE device_keys (
                participant_id TEXT NOT NULL REFERENCES participants(id),
                device_id TEXT NOT NULL REFERENCES devices(id),
                key_id TEXT NOT NULL,
                algorithm TEXT NOT NULL CHECK (algorithm IN ('hs256', 'ed25519', 'es256')),
                material BLOB NOT NULL,
                created_utc TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('active', 'retiring', 'retired')),
                retiring_until TEXT,
                state_changed_utc TEXT NOT NULL,
                PRIMARY KEY (device_id, key_id),
                CHECK ((state = 'retiring') = (retiring_until IS NOT NULL)));
            """),
        new(3, "replay state", """
            -- Anti-replay windows per device (docs/admission.md, "Anti-replay state across restarts"), written behind
            -- the broker every flush interval and restored at start. highest_seq is the unsigned 64-bit sequence stored
            -- as its two's-complement INTEGER; bitmap is the ring of accepted sequences below it (little-endian 64-bit
            -- words, sequence s at bit s mod (8 * length)); last_ts_ms the newest accepted device timestamp (Unix ms).
            -- No foreign key to devices: the window belongs to the authenticated principal, whatever the registry
            -- later says about it, and ids are never reused.
            CREATE TABLE replay_state (
                participant_id TEXT NOT NULL,
                device_id TEXT NOT NULL,
                highest_seq INTEGER NOT NULL,
                bitmap BLOB NOT NULL CHECK (length(bitmap) > 0 AND length(bitmap) % 8 = 0),
                last_ts_ms INTEGER,
                updated_utc TEXT NOT NULL,
                PRIMARY KEY (participant_id, device_id)) WITHOUT ROWID;

            -- One row: set running at start, cleared after the final flush of a graceful stop. Found still running at
            -- the next start, it means the last flush interval may be lost, and a timestamp floor closes that gap.
            CREATE TABLE replay_run (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                running INTEGER NOT NULL CHECK (running IN (0, 1)),
                started_utc TEXT NOT NULL,
                stopped_utc TEXT);
            """),
        new(4, "device bans", """
            -- Device bans for rate flapping (docs/admission.md, "Rate limits and bans"), so that a restart does not lift
            -- them: the active bans and the expired ones whose strike still counts towards the next (longer) ban, written
            -- behind the broker within a second of a change and at stop, loaded at start. Times are UTC; a ban ends at
            -- until_utc by itself. Replaced as a whole on each write (bounded: at most 100,000 rows).
            CREATE TABLE device_bans (
                device_id TEXT PRIMARY KEY,
                banned_utc TEXT NOT NULL,
                until_utc TEXT NOT NULL,
                strike INTEGER NOT NULL CHECK (strike >= 1)) WITHOUT ROWID;
            """),
    ];
}
