using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Palisade.Admission.Integrity;
using Palisade.Mqtt.Packets;

namespace Palisade.Admission.Tests.Integrity;

/// <summary>FsCheck: hostile payloads and properties never throw, and every signed message verifies.</summary>
public sealed class EnvelopePropertyTests
{
    private static readonly TestKey Hmac = TestKey.Create(KeyAlgorithm.HmacSha256);
    private static readonly TestKey Ed = TestKey.Create(KeyAlgorithm.Ed25519, "ed");
    private static readonly TestKey Es = TestKey.Create(KeyAlgorithm.EcdsaP256Sha256, "es");
    private static readonly IntegrityStage Stage = MakeStage();

    private static IntegrityStage MakeStage()
    {
        var keys = new InMemoryDeviceKeyDirectory();
        keys.Set(Ctx.Device, [Hmac.Key, Ed.Key, Es.Key]);
        return new IntegrityStage(keys, IntegrityRequirement.Always);
    }

    [Property(MaxTest = 500)]
    public void Arbitrary_payload_never_throws_and_is_never_admitted(byte[] payload, bool v5)
    {
        var context = Ctx.Make(Ctx.Topic, payload, v5: v5);

        var verdict = Stage.Evaluate(context);

        Assert.False(verdict.Admitted);
        Assert.Null(context.Envelope);
    }

    [Property(MaxTest = 500)]
    public void Arbitrary_bytes_after_the_magic_never_throw(byte[] rest, byte kidLength)
    {
        byte[] payload = [0x50, 0x45, 0x01, kidLength, .. rest];

        var verdict = Stage.Evaluate(Ctx.Make(Ctx.Topic, payload, v5: false));

        Assert.False(verdict.Admitted);
    }

    [Property(MaxTest = 300)]
    public void Arbitrary_user_properties_never_throw(string?[] values, int[] names)
    {
        string[] known = ["pal-kid", "pal-seq", "pal-ts", "pal-tag", "pal-x", "other"];
        var properties = values.Select((v, i) => new UserProperty(known[(uint)(i < names.Length ? names[i] : i) % known.Length], v ?? "")).ToList();

        var verdict = Stage.Evaluate(Ctx.Make(Ctx.Topic, new byte[] { 1, 2, 3 }, properties));

        Assert.False(verdict.Admitted);
    }

    [Property(MaxTest = 200)]
    public void Every_signed_message_verifies_in_both_encodings(byte[] body, ulong sequence, NonNegativeInt tsOffset, bool ed25519)
    {
        var signer = ed25519 ? Ed.Signer : Hmac.Signer;
        var seq = sequence == 0 ? 1 : sequence;
        var ts = 1_700_000_000_000L + tsOffset.Get;

        var withProperties = Ctx.Make(Ctx.Topic, body, signer.CreateUserProperties(Ctx.Topic, seq, ts, body));
        var prefixed = Ctx.Make(Ctx.Topic, signer.CreatePrefixedPayload(Ctx.Topic, seq, ts, body), v5: false);

        Assert.True(Stage.Evaluate(withProperties).Admitted);
        Assert.True(Stage.Evaluate(prefixed).Admitted);
        Assert.Equal(body, prefixed.Body.ToArray());
        Assert.Equal(seq, prefixed.Envelope!.Value.Sequence);
        Assert.Equal(ts, prefixed.Envelope!.Value.Timestamp.ToUnixTimeMilliseconds());
    }

    [Property(MaxTest = 300)]
    public void Arbitrary_signatures_never_verify_or_throw(byte[] seed, bool ed25519)
    {
        var tag = new byte[64];
        for (var i = 0; i < tag.Length; i++)
        {
            tag[i] = seed.Length == 0 ? (byte)0 : seed[i % seed.Length];
        }

        var props = new[]
        {
            new UserProperty("pal-kid", ed25519 ? "ed" : "es"), new UserProperty("pal-seq", "1"), new UserProperty("pal-ts", "1700000000000"),
            new UserProperty("pal-tag", System.Buffers.Text.Base64Url.EncodeToString(tag)),
        };

        var verdict = Stage.Evaluate(Ctx.Make(Ctx.Topic, new byte[] { 1 }, props));

        Assert.Equal(IntegrityRefusals.TagMismatch, verdict.Refusal);
    }

    [Property(MaxTest = 200)]
    public void Any_single_bit_flip_in_a_prefixed_payload_is_refused(byte[] body, PositiveInt position, byte bit)
    {
        var payload = Hmac.Signer.CreatePrefixedPayload(Ctx.Topic, 5, 1_700_000_000_000L, body);
        var at = position.Get % payload.Length;
        payload[at] ^= (byte)(1 << (bit % 8));

        Assert.False(Stage.Evaluate(Ctx.Make(Ctx.Topic, payload, v5: false)).Admitted);
    }
}
