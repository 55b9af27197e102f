using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Palisade.Infrastructure.Storage;

/// <summary>Opens an embedded SQLite database in WAL mode and brings its schema up to date.</summary>
internal static class SqliteDatabase
{
    /// <summary>
    /// Opens <paramref name="path"/> (created 0600 if missing), sets WAL and full synchronous commits, and applies the
    /// <paramref name="migrations"/> newer than the file's <c>user_version</c>, all in one immediate transaction.
    /// </summary>
    public static SqliteConnection Open(string path, IReadOnlyList<Migration> migrations)
    {
        OwnerOnlyFile.EnsureExists(path);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            ForeignKeys = true,
            // Pooling keeps files open after Dispose; the CLI and tests want the file released when they are done.
            Pooling = false,
            DefaultTimeout = 10,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;");
            Migrate(connection, migrations);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>BEGIN IMMEDIATE: takes the write lock at once, so two processes never both read then both write.</summary>
    public static SqliteTransaction BeginImmediate(SqliteConnection connection) => connection.BeginTransaction(deferred: false);

    private static void Migrate(SqliteConnection connection, IReadOnlyList<Migration> migrations)
    {
        using var transaction = BeginImmediate(connection);
        var current = Convert.ToInt32(Scalar(connection, transaction, "PRAGMA user_version"), CultureInfo.InvariantCulture);
        var latest = migrations.Count == 0 ? 0 : migrations[^1].Version;
        if (current > latest)
        {
            throw new InvalidOperationException(
                $"database schema version {current} is newer than this palisade knows ({latest}); upgrade palisade");
        }

        if (current == latest)
        {
            transaction.Commit();
            return;
        }

        Execute(connection,
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_utc TEXT NOT NULL);",
            transaction);
        foreach (var migration in migrations)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            Execute(connection, migration.Sql, transaction);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, name, applied_utc) VALUES ($v, $n, $t)";
            record.Parameters.AddWithValue("$v", migration.Version);
            record.Parameters.AddWithValue("$n", migration.Name);
            record.Parameters.AddWithValue("$t", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            record.ExecuteNonQuery();
            Execute(connection, $"PRAGMA user_version = {migration.Version.ToString(CultureInfo.InvariantCulture)}", transaction);
        }

        transaction.Commit();
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
