using System.Text;
using Palisade.Admission.Integrity;
using Palisade.Admission.Pipeline;
using Palisade.Mqtt;
using Palisade.Mqtt.Packets;

namespace Palisade.Admission.Tests.Integrity;

public sealed class IntegrityStageTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"t\":21.5}");
    private static readonly long Ts = Ctx.Now.ToUnixTimeMilliseconds();

    public static TheoryData<KeyAlgorithm, bool> AlgorithmsAndEncodings()
    {
        var data = new TheoryData<KeyAlgorithm, bool>();
        foreach (var alg in new[] { KeyAlgorithm.HmacSha256, KeyAlgorithm.Ed25519, KeyAlgorithm.EcdsaP256Sha256 })
        {
            data.Add(alg, true);
            data.Add(alg, false);
        }

        return data;
    }

    private static (IntegrityStage Stage, InMemoryDeviceKeyDirectory Keys) Stage(bool required = false, params DeviceKey[] keys)
    {
        var directory = new InMemoryDeviceKeyDirectory();
        directory.Set(Ctx.Device, keys);
        return (new IntegrityStage(directory, required ? IntegrityRequirement.Always : IntegrityRequirement.Never), directory);
    }

    /// <summary>A signed message in the chosen encoding: user properties (MQTT 5) or compact prefix.</summary>
    private static AdmissionContext Signed(EnvelopeSigner signer, bool properties, string topic = Ctx.Topic, ulong seq = 7, long? ts = null, byte[]? body = null, DateTimeOffset? now = null)
    {
        body ??= Body;
        return properties
            ? Ctx.Make(topic, body, signer.CreateUserProperties(topic, seq, ts ?? Ts, body), now: now)
            : Ctx.Make(topic, signer.CreatePrefixedPayload(topic, seq, ts ?? Ts, body), v5: false, now: now);
    }

    [Theory]
    [MemberData(nameof(AlgorithmsAndEncodings))]
    public void Signed_message_is_admitted_with_verified_facts_and_body(KeyAlgorithm algorithm, bool properties)
    {
        var key = TestKey.Create(algorithm);
        var (stage, _) = Stage(required: true, key.Key);
        var context = Signed(key.Signer, properties, seq: 42);

        var verdict = stage.Evaluate(context);

        Assert.True(verdict.Admitted, verdict.Refusal);
        Assert.Equal(new EnvelopeFacts("k1", 42, DateTimeOffset.FromUnixTimeMilliseconds(Ts)), context.Envelope);
        Assert.Equal(Body, context.Body.ToArray());
    }

    [Theory]
    [MemberData(nameof(AlgorithmsAndEncodings))]
    public void Large_body_beyond_the_stack_buffer_round_trips(KeyAlgorithm algorithm, bool properties)
    {
        var key = TestKey.Create(algorithm);
        var (stage, _) = Stage(true, key.Key);
        var body = new byte[5000];
        body.AsSpan().Fill(0xA5);
        var context = Signed(key.Signer, properties, body: body);

        Assert.True(stage.Evaluate(context).Admitted);
        Assert.Equal(body, context.Body.ToArray());
    }

    [Theory]
    [MemberData(nameof(AlgorithmsAndEncodings))]
    public void Tampered_topic_is_refused_as_tag_mismatch(KeyAlgorithm algorithm, bool properties)
    {
        var key = TestKey.Create(algorithm);
        var (stage, _) = Stage(true, key.Key);
        var good = Signed(key.Signer, properties);
        var tampered = Ctx.Make("p/acme/d/press-7/telemetry/pressure", good.Packet.Payload, good.Packet.UserProperties, v5: properties);

        AssertRefused(stage.Evaluate(tampered), IntegrityRefusals.TagMismatch, ReasonCode.NotAuthorized);
        Assert.Null(tampered.Envelope);
    }

    [Theory]
    [MemberData(nameof(AlgorithmsAndEncodings))]
    public void Tampered_payload_is_refused_as_tag_mismatch(KeyAlgorithm algorithm, bool properties)
    {
        var key = TestKey.Create(algorithm);
        var (stage, _) = Stage(true, key.Key);
        var good = Signed(key.Signer, properties);
        var payload = good.Packet.Payload.ToArray();
        payload[^2] ^= 0x01; // inside the body for both encodings

        var tampered = Ctx.Make(Ctx.Topic, payload, good.Packet.UserProperties, v5: properties);

        AssertRefused(stage.Evaluate(tampered), IntegrityRefusals.TagMismatch, ReasonCode.NotAuthorized);
    }

    [Theory]
    [MemberData(nameof(AlgorithmsAndEncodings))]
    public void Tampered_sequence_is_refused_as_tag_mismatch(KeyAlgorithm algorithm, bool properties)
    {
        var key = TestKey.Create(algorithm);
        var (stage, _) = Stage(true, key.Key);
        var good = Signed(key.Signer, properties, seq: 7);
        var tampered = properties
            ? Ctx.Make(Ctx.Topic, good.Packet.Payload, Replace(good.Packet.UserProperties, "pal-seq", "8"))
            : Ctx.Make(Ctx.Topic, Patch(good.Packet.Payload, 4 + 2 + 7, 8), v5: false); // last byte of seq (kid "k1")

        AssertRefused(stage.Evaluate(tampered), IntegrityRefusals.TagMismatch, ReasonCode.NotAuthorized);
    }

    [Theory]
    [MemberData(nameof(AlgorithmsAndEncodings))]
    public void Tampered_timestamp_is_refused_as_tag_mismatch(KeyAlgorithm algorithm, bool properties)
    {
        var key = TestKey.Create(algorithm);
        var (stage, _) = Stage(true, key.Key);
        var good = Signed(key.Signer, properties);
        var tampered = properties
            ? Ctx.Make(Ctx.Topic, good.Packet.Payload, Replace(good.Packet.UserProperties, "pal-ts", (Ts + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            : Ctx.Make(Ctx.Topic, Patch(good.Packet.Payload, 12 + 2 + 7, (byte)(good.Packet.Payload.Span[12 + 2 + 7] ^ 1)), v5: false);

        AssertRefused(stage.Evaluate(tampered), IntegrityRefusals.TagMismatch, ReasonCode.NotAuthorized);
    }

    [Theory]
    [MemberData(nameof(AlgorithmsAndEncodings))]
    public void Key_id_swapped_to_another_key_of_the_device_is_refused_as_tag_mismatch(KeyAlgorithm algorithm, bool properties)
    {
        // Both keys share the algorithm and, for HMAC, the tag covers the kid: a swapped kid must not verify.
        var k1 = TestKey.Create(algorithm, "k1");
        var k2 = TestKey.Create(algorithm, "k2");
        var (stage, _) = Stage(true, k1.Key, k2.Key);
        var good = Signed(k1.Signer, properties);
        var tampered = properties
            ? Ctx.Make(Ctx.Topic, good.Packet.Payload, Replace(good.Packet.UserProperties, "pal-kid", "k2"))
            : Ctx.Make(Ctx.Topic, Patch(good.Packet.Payload, 5, (byte)'2'), v5: false);

        AssertRefused(stage.Evaluate(tampered), IntegrityRefusals.TagMismatch, ReasonCode.NotAuthorized);
    }

    [Fact]
    public void Same_hmac_secret_under_another_key_id_does_not_verify_a_relabelled_tag()
    {
        var secret = new byte[32];
        secret[0] = 9;
        var (stage, _) = Stage(true,
            new DeviceKey("k1", KeyAlgorithm.HmacSha256, secret),
            new DeviceKey("k2", KeyAlgorithm.HmacSha256, secret));
        using var signer = EnvelopeSigner.CreateHmacSha256("k1", secret);
        var props = Replace(signer.CreateUserProperties(Ctx.Topic, 1, Ts, Body), "pal-kid", "k2");

        AssertRefused(stage.Evaluate(Ctx.Make(Ctx.Topic, Body, props)), IntegrityRefusals.TagMismatch, ReasonCode.NotAuthorized);
    }

    [Theory]
    [MemberData(nameof(AlgorithmsAndEncodings))]
    public void Tag_made_with_a_different_key_is_refused_as_tag_mismatch(KeyAlgorithm algorithm, bool properties)
    {
        var registered = TestKey.Create(algorithm);
        var impostor = TestKey.Create(algorithm);
        var (stage, _) = Stage(true, registered.Key);

        AssertRefused(stage.Evaluate(Signed(impostor.Signer, properties)), IntegrityRefusals.TagMismatch, ReasonCode.NotAuthorized);
    }

    [Theory]
    [MemberData(nameof(AlgorithmsAndEncodings))]
    public void Unknown_key_id_is_refused_as_unknown_key(KeyAlgorithm algorithm, bool properties)
    {
        var registered = TestKey.Create(algorithm, "k1");
        var other = TestKey.Create(algorithm, "k9");
        var (stage, _) = Stage(true, registered.Key);

        AssertRefused(stage.Evaluate(Signed(other.Signer, properties)), IntegrityRefusals.UnknownKey, ReasonCode.NotAuthorized);
    }

    [Fact]
    public void Key_of_another_device_is_not_accepted_for_this_device()
    {
        var key = TestKey.Create(KeyAlgorithm.HmacSha256);
        var directory = new InMemoryDeviceKeyDirectory();
        directory.Set("other-device", [key.Key]);
        var stage = new IntegrityStage(directory, IntegrityRequirement.Always);

        AssertRefused(stage.Evaluate(Signed(key.Signer, properties: true)), IntegrityRefusals.UnknownKey, ReasonCode.NotAuthorized);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Retiring_key_is_accepted_until_its_grace_end_then_refused_as_unknown_key(bool properties)
    {
        var graceEnd = Ctx.Now.AddDays(7);
        var old = TestKey.Create(KeyAlgorithm.Ed25519, "k1", DeviceKeyState.Retiring, graceEnd);
        var current = TestKey.Create(KeyAlgorithm.Ed25519, "k2");
        var (stage, _) = Stage(true, old.Key, current.Key);

        Assert.True(stage.Evaluate(Signed(old.Signer, properties, now: graceEnd.AddMilliseconds(-1))).Admitted);
        AssertRefused(stage.Evaluate(Signed(old.Signer, properties, now: graceEnd)), IntegrityRefusals.UnknownKey, ReasonCode.NotAuthorized);
        Assert.True(stage.Evaluate(Signed(current.Signer, properties, now: graceEnd.AddDays(30))).Admitted);
    }

    [Fact]
    public void Retired_key_is_refused_as_unknown_key()
    {
        var key = TestKey.Create(KeyAlgorithm.EcdsaP256Sha256, state: DeviceKeyState.Retired);
        var (stage, _) = Stage(false, key.Key);

        AssertRefused(stage.Evaluate(Signed(key.Signer, true)), IntegrityRefusals.UnknownKey, ReasonCode.NotAuthorized);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Message_without_envelope_is_refused_as_missing_when_required(bool v5)
    {
        var (stage, _) = Stage(required: true, TestKey.Create(KeyAlgorithm.HmacSha256).Key);
        var context = Ctx.Make(Ctx.Topic, Body, v5: v5);

        AssertRefused(stage.Evaluate(context), IntegrityRefusals.Missing, ReasonCode.PayloadFormatInvalid);
    }

    [Fact]
    public void Message_without_envelope_passes_untouched_when_not_required()
    {
        var (stage, _) = Stage(required: false);
        var context = Ctx.Make(Ctx.Topic, Body, [new UserProperty("unit", "C")]);

        Assert.True(stage.Evaluate(context).Admitted);
        Assert.Null(context.Envelope);
        Assert.Equal(Body, context.Body.ToArray());
    }

    [Fact]
    public void Envelope_present_is_verified_even_when_not_required()
    {
        var key = TestKey.Create(KeyAlgorithm.HmacSha256);
        var impostor = TestKey.Create(KeyAlgorithm.HmacSha256);
        var (stage, _) = Stage(required: false, key.Key);

        AssertRefused(stage.Evaluate(Signed(impostor.Signer, true)), IntegrityRefusals.TagMismatch, ReasonCode.NotAuthorized);
    }

    [Fact]
    public void Requirement_follows_participant_device_class_and_topic_class()
    {
        var policy = IntegrityRequirement.For(participants: ["strict"], deviceClasses: ["plc"], topicClasses: ["commands"]);
        var packet = new PublishPacket { Topic = Ctx.Topic };

        Assert.True(policy(new AdmissionContext(packet, "d", "strict", Ctx.Now)));
        Assert.True(policy(new AdmissionContext(packet, "d", "acme", Ctx.Now) { DeviceClass = "plc" }));
        Assert.True(policy(new AdmissionContext(packet, "d", "acme", Ctx.Now) { TopicClass = "commands" }));
        Assert.False(policy(new AdmissionContext(packet, "d", "acme", Ctx.Now) { DeviceClass = "sensor", TopicClass = "telemetry" }));
    }

    [Fact]
    public void Text_payload_starting_with_PE_is_not_taken_for_an_envelope()
    {
        var (stage, _) = Stage(required: false);
        var context = Ctx.Make(Ctx.Topic, Encoding.ASCII.GetBytes("PEAK 17"), v5: false);

        Assert.True(stage.Evaluate(context).Admitted);
        Assert.Equal("PEAK 17", Encoding.ASCII.GetString(context.Body.Span));
    }

    [Fact]
    public void User_properties_take_precedence_over_a_prefix_shaped_payload()
    {
        var key = TestKey.Create(KeyAlgorithm.HmacSha256);
        var (stage, _) = Stage(true, key.Key);
        var body = key.Signer.CreatePrefixedPayload("x/y", 1, Ts, Body); // looks like an envelope, but is the body here
        var context = Ctx.Make(Ctx.Topic, body, key.Signer.CreateUserProperties(Ctx.Topic, 2, Ts, body));

        Assert.True(stage.Evaluate(context).Admitted);
        Assert.Equal(body, context.Body.ToArray());
        Assert.Equal(2UL, context.Envelope!.Value.Sequence);
    }

    [Fact]
    public void Hmac_tag_of_signature_length_is_refused_as_tag_mismatch()
    {
        var hmac = TestKey.Create(KeyAlgorithm.HmacSha256);
        var ed = TestKey.Create(KeyAlgorithm.Ed25519);
        var (stage, _) = Stage(true, hmac.Key);
        var props = Replace(ed.Signer.CreateUserProperties(Ctx.Topic, 1, Ts, Body), "pal-kid", "k1");

        AssertRefused(stage.Evaluate(Ctx.Make(Ctx.Topic, Body, props)), IntegrityRefusals.TagMismatch, ReasonCode.NotAuthorized);
    }

    [Fact]
    public void Ecdsa_signature_in_DER_form_is_refused()
    {
        using var ecdsa = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var (stage, _) = Stage(true, new DeviceKey("k1", KeyAlgorithm.EcdsaP256Sha256, ecdsa.ExportSubjectPublicKeyInfo()));
        var input = new byte[EnvelopeFormat.TagInputLength(2, Encoding.UTF8.GetByteCount(Ctx.Topic), Body.Length)];
        EnvelopeFormat.WriteTagInput(input, "k1", Ctx.Topic, 1, Ts, Body);
        var der = ecdsa.SignData(input, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.DSASignatureFormat.Rfc3279DerSequence);
        var props = new[]
        {
            new UserProperty("pal-kid", "k1"), new UserProperty("pal-seq", "1"), new UserProperty("pal-ts", Ts.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new UserProperty("pal-tag", System.Buffers.Text.Base64Url.EncodeToString(der)),
        };

        var verdict = stage.Evaluate(Ctx.Make(Ctx.Topic, Body, props));

        Assert.False(verdict.Admitted);
        Assert.Contains(verdict.Refusal, new[] { IntegrityRefusals.Malformed, IntegrityRefusals.TagMismatch });
    }

    public static TheoryData<string, string> BadPropertyValues() => new()
    {
        { "pal-seq", "0" },
        { "pal-seq", "-1" },
        { "pal-seq", "+5" },
        { "pal-seq", " 5" },
        { "pal-seq", "18446744073709551616" },
        { "pal-seq", "abc" },
        { "pal-ts", "-5" },
        { "pal-ts", "253402300800000" },
        { "pal-ts", "1.5" },
        { "pal-kid", "" },
        { "pal-kid", "k 1" },
        { "pal-kid", "kü" },
        { "pal-kid", new string('k', 65) },
        { "pal-tag", "" },
        { "pal-tag", "AAAA" },
        { "pal-tag", new string('A', 43) + "=" },
        { "pal-tag", new string('A', 42) + "+" },
        { "pal-tag", new string('A', 44) },
    };

    [Theory]
    [MemberData(nameof(BadPropertyValues))]
    public void Malformed_property_value_is_refused_as_malformed(string name, string value)
    {
        var key = TestKey.Create(KeyAlgorithm.HmacSha256);
        var (stage, _) = Stage(false, key.Key);
        var props = Replace(key.Signer.CreateUserProperties(Ctx.Topic, 1, Ts, Body), name, value);

        AssertRefused(stage.Evaluate(Ctx.Make(Ctx.Topic, Body, props)), IntegrityRefusals.Malformed, ReasonCode.PayloadFormatInvalid);
    }

    [Theory]
    [InlineData("pal-kid")]
    [InlineData("pal-seq")]
    [InlineData("pal-ts")]
    [InlineData("pal-tag")]
    public void Duplicate_user_property_is_refused_as_malformed(string name)
    {
        var key = TestKey.Create(KeyAlgorithm.HmacSha256);
        var (stage, _) = Stage(false, key.Key);
        var props = key.Signer.CreateUserProperties(Ctx.Topic, 1, Ts, Body).ToList();
        props.Add(props.Single(p => p.Name == name)); // even an identical duplicate

        AssertRefused(stage.Evaluate(Ctx.Make(Ctx.Topic, Body, props)), IntegrityRefusals.Malformed, ReasonCode.PayloadFormatInvalid);
    }

    [Theory]
    [InlineData("pal-kid")]
    [InlineData("pal-seq")]
    [InlineData("pal-ts")]
    [InlineData("pal-tag")]
    public void Partial_envelope_is_refused_as_malformed(string missing)
    {
        var key = TestKey.Create(KeyAlgorithm.HmacSha256);
        var (stage, _) = Stage(false, key.Key);
        var props = key.Signer.CreateUserProperties(Ctx.Topic, 1, Ts, Body).Where(p => p.Name != missing).ToList();

        AssertRefused(stage.Evaluate(Ctx.Make(Ctx.Topic, Body, props)), IntegrityRefusals.Malformed, ReasonCode.PayloadFormatInvalid);
    }

    [Fact]
    public void Truncated_or_inconsistent_prefixes_are_refused_as_malformed()
    {
        var key = TestKey.Create(KeyAlgorithm.HmacSha256);
        var (stage, _) = Stage(false, key.Key);
        var good = key.Signer.CreatePrefixedPayload(Ctx.Topic, 1, Ts, []);
        var cases = new List<byte[]>();
        for (var cut = 3; cut < good.Length; cut++)
        {
            cases.Add(good[..cut]);
        }

        cases.Add(Patch(good, 3, 0));              // kid length 0
        cases.Add(Patch(good, 3, 65));             // kid length > 64
        cases.Add(Patch(good, 4, (byte)' '));      // kid character outside the set
        cases.Add(Patch(good, 20 + 2, 33));        // tag length not 32/64
        cases.Add(Zero(good, 6, 8));              // sequence 0
        cases.Add(Patch(good, 14, 0x80));          // negative timestamp

        foreach (var payload in cases)
        {
            var verdict = stage.Evaluate(Ctx.Make(Ctx.Topic, payload, v5: false));
            AssertRefused(verdict, IntegrityRefusals.Malformed, ReasonCode.PayloadFormatInvalid);
        }

        Assert.True(stage.Evaluate(Ctx.Make(Ctx.Topic, good, v5: false)).Admitted); // empty body is fine
    }

    [Fact]
    public void Tag_input_bytes_are_exactly_as_documented()
    {
        var input = new byte[EnvelopeFormat.TagInputLength(2, 4, 2)];
        var written = EnvelopeFormat.WriteTagInput(input, "k1", "a/é", 0x0102030405060708, 0x0000011213141516, [0xAA, 0xBB]);

        byte[] expected =
        [
            .. "palisade-envelope-v1"u8, 0x00,
            0x02, (byte)'k', (byte)'1',
            0x00, 0x04, (byte)'a', (byte)'/', 0xC3, 0xA9,
            0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
            0x00, 0x00, 0x01, 0x12, 0x13, 0x14, 0x15, 0x16,
            0x00, 0x00, 0x00, 0x02, 0xAA, 0xBB,
        ];
        Assert.Equal(expected, input[..written]);
    }

    [Fact]
    public void Compact_prefix_layout_is_exactly_as_documented()
    {
        var secret = new byte[32];
        using var signer = EnvelopeSigner.CreateHmacSha256("k1", secret);
        var payload = signer.CreatePrefixedPayload("t", 0x0102030405060708, 0x0000011213141516, [0xAA]);

        Assert.Equal(signer.PrefixLength + 1, payload.Length);
        Assert.Equal(21 + 2 + 32, signer.PrefixLength);
        Assert.Equal(new byte[] { 0x50, 0x45, 0x01, 0x02, (byte)'k', (byte)'1', 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 1, 0x12, 0x13, 0x14, 0x15, 0x16, 32 }, payload[..23]);
        var input = new byte[EnvelopeFormat.TagInputLength(2, 1, 1)];
        EnvelopeFormat.WriteTagInput(input, "k1", "t", 0x0102030405060708, 0x0000011213141516, [0xAA]);
        Assert.Equal(System.Security.Cryptography.HMACSHA256.HashData(secret, input), payload[23..55]);
        Assert.Equal(0xAA, payload[^1]);
    }

    private static void AssertRefused(StageVerdict verdict, string refusal, ReasonCode reason)
    {
        Assert.False(verdict.Admitted);
        Assert.Equal(refusal, verdict.Refusal);
        Assert.Equal(reason, verdict.Reason);
        Assert.False(verdict.Disconnect);
    }

    private static UserProperty[] Replace(IReadOnlyList<UserProperty> properties, string name, string value) =>
        [.. properties.Select(p => p.Name == name ? new UserProperty(name, value) : p)];

    private static byte[] Patch(ReadOnlyMemory<byte> payload, int offset, byte value)
    {
        var copy = payload.ToArray();
        copy[offset] = value;
        return copy;
    }

    private static byte[] Zero(byte[] payload, int offset, int count)
    {
        var copy = (byte[])payload.Clone();
        copy.AsSpan(offset, count).Clear();
        return copy;
    }
}
