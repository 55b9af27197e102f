using Microsoft.Data.Sqlite;
using Palisade.Edge.Identity;
using Palisade.Infrastructure.Pki;
using Palisade.Infrastructure.Storage;
using Palisade.Platform.Applications;
using Palisade.Platform.Participants;

namespace Palisade.Tests.Infrastructure;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // checks POSIX file modes
public sealed class RegistryStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly SecretHash CheapHash = SecretHasher.Hash("pls_test-secret-not-real-0000000000", iterations: 1);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Data_folder_is_0700_and_database_file_is_0600()
    {
        var data = DataFolder.Open(_temp.Data);
        using (RegistryStore.Open(data))
        {
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data.Root));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(data.RegistryDatabasePath));
    }

    [Fact]
    public void Existing_world_readable_data_folder_is_tightened_to_0700()
    {
        Directory.CreateDirectory(_temp.Data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var data = DataFolder.Open(_temp.Data);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data.Root));
    }

    [Fact]
    public void Database_uses_wal_and_records_its_schema_version()
    {
        var data = DataFolder.Open(_temp.Data);
        using (RegistryStore.Open(data))
        {
        }

        using (RegistryStore.Open(data))
        {
        }

        using var connection = new SqliteConnection($"Data Source={data.RegistryDatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode; ";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "PRAGMA user_version";
        Assert.Equal(RegistrySchema.Migrations[^1].Version, Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
        command.CommandText = "SELECT COUNT(*) FROM schema_migrations";
        Assert.Equal((long)RegistrySchema.Migrations.Count, command.ExecuteScalar());
    }

    [Fact]
    public void Database_from_a_newer_palisade_is_refused()
    {
        var data = DataFolder.Open(_temp.Data);
        using (RegistryStore.Open(data))
        {
        }

        using (var connection = new SqliteConnection($"Data Source={data.RegistryDatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }

        var ex = Assert.Throws<InvalidOperationException>(() => RegistryStore.Open(data));
        Assert.Contains("newer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Revoked_device_id_can_never_be_registered_again()
    {
        using var registry = RegistryStore.Open(DataFolder.Open(_temp.Data));
        registry.AddParticipant("acme", [], Now);
        registry.AddDevice("d1", "acme", new NewCredential(Secret: CheapHash), [], Now);
        registry.RevokeDevice("d1", "stolen", Now);

        var ex = Assert.Throws<RegistryException>(() => registry.AddDevice("d1", "acme", new NewCredential(Secret: CheapHash), [], Now));
        Assert.Equal("id", ex.Field);
        var device = registry.FindDevice("d1")!;
        Assert.Equal(IdentityState.Revoked, device.State);
        Assert.All(device.Credentials, c => Assert.True(c.Revoked));
    }

    [Fact]
    public void Device_and_application_cannot_share_an_id()
    {
        using var registry = RegistryStore.Open(DataFolder.Open(_temp.Data));
        registry.AddParticipant("acme", [], Now);
        registry.AddDevice("x1", "acme", new NewCredential(Secret: CheapHash), [], Now);
        var ex = Assert.Throws<RegistryException>(() =>
            registry.AddApplication("x1", "acme", [new ApplicationGrant(ApplicationRight.SubscribeTelemetry, "*")], CheapHash, Now));
        Assert.Equal("id", ex.Field);
    }

    [Fact]
    public void Device_of_unknown_participant_is_refused_naming_the_participant_field()
    {
        using var registry = RegistryStore.Open(DataFolder.Open(_temp.Data));
        var ex = Assert.Throws<RegistryException>(() => registry.AddDevice("d1", "nope", new NewCredential(Secret: CheapHash), [], Now));
        Assert.Equal("participant", ex.Field);
        Assert.Equal("nope", ex.Value);
        Assert.Contains("no such participant", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Failure_before_commit_leaves_no_device_and_does_not_burn_the_id()
    {
        using var registry = RegistryStore.Open(DataFolder.Open(_temp.Data));
        registry.AddParticipant("acme", [], Now);
        Assert.Throws<IOException>(() => registry.AddDevice("d1", "acme", new NewCredential(Secret: CheapHash), [CidrRange.Parse("10.0.0.0/8")], Now,
            beforeCommit: () => throw new IOException("disk full")));

        Assert.Null(registry.FindDevice("d1"));
        registry.AddDevice("d1", "acme", new NewCredential(Secret: CheapHash), [], Now);
        Assert.NotNull(registry.FindDevice("d1"));
    }

    [Fact]
    public void Device_without_credential_needs_a_participant_ca()
    {
        using var registry = RegistryStore.Open(DataFolder.Open(_temp.Data));
        registry.AddParticipant("acme", [], Now);
        var ex = Assert.Throws<RegistryException>(() => registry.AddDevice("d1", "acme", NewCredential.None, [], Now));
        Assert.Equal("participant", ex.Field);
    }

    [Fact]
    public void Ids_that_could_act_as_topic_wildcards_are_refused()
    {
        using var registry = RegistryStore.Open(DataFolder.Open(_temp.Data));
        foreach (var bad in new[] { "a/b", "+", "#", "$sys", "a b", "", "a:b" })
        {
            Assert.Throws<RegistryException>(() => registry.AddParticipant(bad, [], Now));
        }
    }

    [Fact]
    public void Application_grant_for_a_device_of_another_participant_is_refused()
    {
        using var registry = RegistryStore.Open(DataFolder.Open(_temp.Data));
        registry.AddParticipant("acme", [], Now);
        registry.AddParticipant("globex", [], Now);
        registry.AddDevice("g1", "globex", new NewCredential(Secret: CheapHash), [], Now);
        var ex = Assert.Throws<RegistryException>(() =>
            registry.AddApplication("spy", "acme", [new ApplicationGrant(ApplicationRight.SubscribeTelemetry, "g1")], CheapHash, Now));
        Assert.Equal("grant", ex.Field);
        Assert.Null(registry.FindApplication("spy"));
    }

    [Fact]
    public void State_changes_are_listed_in_order_for_live_revocation()
    {
        using var registry = RegistryStore.Open(DataFolder.Open(_temp.Data));
        registry.AddParticipant("acme", [], Now);
        registry.AddDevice("d1", "acme", new NewCredential(Secret: CheapHash), [], Now);
        var mark = registry.StateChangesSince(0)[^1].Seq;
        registry.RevokeDevice("d1", null, Now);
        var changes = registry.StateChangesSince(mark);
        var change = Assert.Single(changes);
        Assert.Equal(("device", "d1", "revoked"), (change.Kind, change.Id, change.State));
    }
}
