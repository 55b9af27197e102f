using Palisade.Infrastructure.Storage;

namespace Palisade.Infrastructure.Audit;

/// <summary>Schema of audit.db. Triggers make the tables append-only for anything that goes through SQLite normally;
/// someone who drops them (or edits the file) is caught by the hash chain and the signed checkpoints instead.</summary>
internal static class AuditSchema
{
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "audit-chain", """
            CREATE TABLE audit_records (
                seq INTEGER PRIMARY KEY,
                time_utc TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                outcome TEXT NOT NULL,
                reason TEXT,
                source TEXT,
                node TEXT NOT NULL,
                prev_hash BLOB NOT NULL,
                hash BLOB NOT NULL);
            CREATE INDEX ix_audit_time ON audit_records(time_utc);
            CREATE INDEX ix_audit_actor ON audit_records(actor);
            CREATE INDEX ix_audit_action ON audit_records(action);
            CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

            CREATE TABLE audit_checkpoints (
                id INTEGER PRIMARY KEY,
                seq INTEGER NOT NULL,
                hash BLOB NOT NULL,
                time_utc TEXT NOT NULL,
                node TEXT NOT NULL,
                key_id TEXT NOT NULL,
                signature BLOB NOT NULL);
            CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            """),
    ];
}
