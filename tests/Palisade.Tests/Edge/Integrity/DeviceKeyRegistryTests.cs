using Palisade.Admission.Integrity;
using Palisade.Edge.Identity;
using Palisade.Infrastructure.Pki;
using Palisade.Infrastructure.Storage;
using Palisade.Tests.Infrastructure;

namespace Palisade.Tests.Edge.Integrity;

/// <summary>Registry side of device keys: migration 2 over an existing registry, rotation states, the change feed.</summary>
public sealed class DeviceKeyRegistryTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 1, 0, 0, TimeSpan.Zero);
    private static readonly SecretHash CheapHash = SecretHasher.Hash("pls_test-secret-not-real-0000000000", iterations: 1);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Registry_made_before_migration_2_is_upgraded_keeping_its_devices()
    {
        var data = DataFolder.Open(_temp.Data);
        using (var v1 = SqliteDatabase.Open(data.RegistryDatabasePath, [RegistrySchema.Migrations[0]]))
        {
            SqliteDatabase.Execute(v1, """
                INSERT INTO participants (id, state, created_utc, state_changed_utc) VALUES ('acme', 'active', 't', 't');
                INSERT INTO devices (id, participant_id, state, created_utc, state_changed_utc) VALUES ('old', 'acme', 'active', '2026-01-01T00:00:00.0000000Z', 't');
                """);
        }

        using var registry = RegistryStore.Open(data);

        var device = registry.FindDevice("old")!;
        Assert.Null(device.Class);
        var key = registry.AddDeviceKey("old", "acme", null, KeyAlgorithm.HmacSha256, new byte[32], Now);
        Assert.Equal("k1", key.KeyId);
    }

    [Fact]
    public void Rotation_marks_every_active_key_retiring_until_the_grace_end_and_records_changes()
    {
        using var registry = RegistryStore.Open(DataFolder.Open(_temp.Data));
        registry.AddParticipant("acme", [], Now);
        registry.AddDevice("d1", "acme", new NewCredential(Secret: CheapHash), [], Now, deviceClass: "sensor");
        registry.AddDeviceKey("d1", "acme", "a", KeyAlgorithm.HmacSha256, new byte[32], Now);
        registry.AddDeviceKey("d1", "acme", "b", KeyAlgorithm.HmacSha256, new byte[32], Now);
        var seq = registry.LatestChangeSeq();

        registry.AddDeviceKey("d1", "acme", null, KeyAlgorithm.HmacSha256, new byte[32], Now.AddHours(1), rotateGrace: TimeSpan.FromDays(2));

        var keys = registry.ListDeviceKeys("d1").ToDictionary(k => k.KeyId);
        Assert.Equal(DeviceKeyState.Retiring, keys["a"].State);
        Assert.Equal(Now.AddHours(1).AddDays(2), keys["a"].RetiringUntil);
        Assert.Equal(DeviceKeyState.Retiring, keys["b"].State);
        Assert.Equal(DeviceKeyState.Active, keys["k1"].State);
        Assert.Equal(["device-key"], registry.StateChangesSince(seq).Select(c => c.Kind).Distinct());
        Assert.Equal(3, registry.StateChangesSince(seq).Count);
        Assert.Equal("sensor", registry.FindDevice("d1")!.Class);
    }

    [Fact]
    public void Key_with_unusable_material_is_refused_before_anything_is_written()
    {
        using var registry = RegistryStore.Open(DataFolder.Open(_temp.Data));
        registry.AddParticipant("acme", [], Now);
        registry.AddDevice("d1", "acme", new NewCredential(Secret: CheapHash), [], Now);

        var ex = Assert.Throws<RegistryException>(() => registry.AddDeviceKey("d1", "acme", null, KeyAlgorithm.EcdsaP256Sha256, new byte[65], Now));

        Assert.Equal("public-key", ex.Field);
        Assert.Empty(registry.ListDeviceKeys("d1"));
    }

    [Fact]
    public void Revoked_device_gets_no_new_keys()
    {
        using var registry = RegistryStore.Open(DataFolder.Open(_temp.Data));
        registry.AddParticipant("acme", [], Now);
        registry.AddDevice("d1", "acme", new NewCredential(Secret: CheapHash), [], Now);
        registry.RevokeDevice("d1", "stolen", Now);

        var ex = Assert.Throws<RegistryException>(() => registry.AddDeviceKey("d1", "acme", null, KeyAlgorithm.HmacSha256, new byte[32], Now));

        Assert.Equal("device is revoked", ex.Problem);
    }
}
