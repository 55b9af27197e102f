using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Palisade.LoadGen.Wire;
using Palisade.Mqtt;
using Palisade.Mqtt.Codec;
using Palisade.Mqtt.Packets;

namespace Palisade.LoadGen.Tests;

/// <summary>The load generator's envelope, checked against docs/admission.md by an independent recomputation.</summary>
public sealed class SignedPublishTests
{
    private static readonly byte[] Secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Prefix_envelope_carries_sequence_timestamp_and_a_tag_over_topic_and_body(int qos)
    {
        const string topic = "p/bench/d/pub0/telemetry/load";
        using var encoder = new SignedPublishEncoder(4, topic, qos, EnvelopeForm.Prefix, new EnvelopeKey("k1", Secret), 1000, "pub0", jsonBody: true, 100);

        var first = Decode(encoder, 4, clock: 123_456_789, packetId: 7);
        var second = Decode(encoder, 4, clock: 123_456_790, packetId: 8);

        Assert.Equal(topic, first.Topic);
        Assert.Equal(qos == 0 ? 0 : 7, first.PacketId);
        var payload = first.Payload.Span;
        Assert.Equal("PE"u8.ToArray(), payload[..2].ToArray());
        Assert.Equal(1, payload[2]);
        Assert.Equal(2, payload[3]);
        Assert.Equal("k1", Encoding.ASCII.GetString(payload.Slice(4, 2)));
        var sequence = BinaryPrimitives.ReadUInt64BigEndian(payload[6..]);
        var timestamp = BinaryPrimitives.ReadInt64BigEndian(payload[14..]);
        Assert.Equal(1000UL, sequence);
        Assert.InRange(timestamp, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal(32, payload[22]);
        var tag = payload.Slice(23, 32).ToArray();
        var body = payload[55..].ToArray();
        Assert.Equal(ExpectedTag(topic, "k1", sequence, timestamp, body), tag);
        Assert.Equal(1001UL, BinaryPrimitives.ReadUInt64BigEndian(second.Payload.Span[6..]));

        using var json = JsonDocument.Parse(body);
        Assert.Equal("pub0", json.RootElement.GetProperty("machineId").GetString());
        Assert.Equal(123_456_789, json.RootElement.GetProperty("counter").GetInt64());
        Assert.Equal(timestamp, json.RootElement.GetProperty("ts").GetInt64());
        Assert.Equal(123_456_789, PayloadClockReader.ReadJsonCounter(payload));
    }

    [Fact]
    public void Property_envelope_leaves_the_payload_untouched_and_tags_it()
    {
        const string topic = "p/bench/d/pub1/telemetry/load";
        using var encoder = new SignedPublishEncoder(5, topic, 1, EnvelopeForm.Properties, new EnvelopeKey("key-2024.1", Secret), 99_999, "pub1", jsonBody: true, 100);

        _ = Decode(encoder, 5, clock: 5, packetId: 1);
        var publish = Decode(encoder, 5, clock: 6, packetId: 2); // sequence 100000: one more decimal digit

        var properties = publish.UserProperties.ToDictionary(p => p.Name, p => p.Value);
        Assert.Equal(["pal-kid", "pal-seq", "pal-ts", "pal-tag"], publish.UserProperties.Select(p => p.Name));
        Assert.Equal("key-2024.1", properties["pal-kid"]);
        Assert.Equal("100000", properties["pal-seq"]);
        var timestamp = long.Parse(properties["pal-ts"], System.Globalization.CultureInfo.InvariantCulture);
        var body = publish.Payload.ToArray();
        Assert.Equal('{', (char)body[0]);
        var expected = Convert.ToBase64String(ExpectedTag(topic, "key-2024.1", 100_000, timestamp, body)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(expected, properties["pal-tag"]);
    }

    [Fact]
    public void Generator_envelopes_are_byte_identical_to_the_platform_signer()
    {
        const string topic = "p/bench/d/pub0/telemetry/load";
        using var encoder = new SignedPublishEncoder(4, topic, 0, EnvelopeForm.Prefix, new EnvelopeKey("k1", Secret), 77, "pub0", jsonBody: true, 100);
        using var v5 = new SignedPublishEncoder(5, topic, 1, EnvelopeForm.Properties, new EnvelopeKey("k1", Secret), 77, "pub0", jsonBody: true, 100);
        using var signer = Palisade.Admission.Integrity.EnvelopeSigner.CreateHmacSha256("k1", Secret);

        var prefixed = Decode(encoder, 4, clock: 1, packetId: 0).Payload.ToArray();
        var timestamp = BinaryPrimitives.ReadInt64BigEndian(prefixed.AsSpan(14));
        var body = prefixed.AsSpan(55).ToArray();
        Assert.Equal(signer.CreatePrefixedPayload(topic, 77, timestamp, body), prefixed);

        var withProperties = Decode(v5, 5, clock: 1, packetId: 3);
        var ts = long.Parse(withProperties.UserProperties[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        var expected = signer.CreateUserProperties(topic, 77, ts, withProperties.Payload.Span);
        Assert.Equal(expected, withProperties.UserProperties);
    }

    [Fact]
    public void Telemetry_body_passes_the_validity_stage_with_the_sample_schema()
    {
        var schemaFile = Path.Combine(RepositoryRoot(), "samples", "schemas", "telemetry.schema.json");
        var stage = new Palisade.Admission.Validity.ValidityStage(
            Palisade.Admission.Validity.JsonSchemaRegistry.LoadFiles([new("telemetry", schemaFile)]), null);
        using var encoder = new SignedPublishEncoder(4, "p/bench/d/pub0/telemetry/load", 0, EnvelopeForm.None, null, 1, "pub0", jsonBody: true, 100);
        for (var i = 0; i < 120; i++) // every temperature and vibration value the generator cycles through
        {
            var publish = Decode(encoder, 4, clock: System.Diagnostics.Stopwatch.GetTimestamp(), packetId: 0);
            var context = new Palisade.Admission.Pipeline.AdmissionContext(publish, "pub0", "bench", DateTimeOffset.UtcNow) { TopicClass = "telemetry" };

            var verdict = stage.Evaluate(context);

            Assert.True(verdict.Admitted, verdict.ReasonString);
        }

        // The stage does judge: the old field names (before the schema existed) are refused.
        var old = new PublishPacket { Topic = "p/bench/d/pub0/telemetry/load", Payload = "{\"machine\":\"pub0\",\"state\":\"running\",\"temperature\":71.3,\"counter\":1,\"ts\":1764117129123}"u8.ToArray() };
        Assert.False(stage.Evaluate(new Palisade.Admission.Pipeline.AdmissionContext(old, "pub0", "bench", DateTimeOffset.UtcNow) { TopicClass = "telemetry" }).Admitted);
    }

    [Fact]
    public void Unsigned_telemetry_is_plain_json()
    {
        using var encoder = new SignedPublishEncoder(4, "t/x", 0, EnvelopeForm.None, null, 1, "m", jsonBody: true, 100);

        var publish = Decode(encoder, 4, clock: 42, packetId: 0);

        using var json = JsonDocument.Parse(publish.Payload);
        Assert.Equal("running", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(42, json.RootElement.GetProperty("counter").GetInt64());
    }

    [Theory]
    [InlineData("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20")]
    [InlineData("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=")]
    [InlineData("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA")]
    public void Key_file_secret_is_read_as_hex_or_base64(string text)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "kid-1 " + text + "\n");
            var key = EnvelopeKey.Load(path);
            Assert.Equal("kid-1", key.KeyId);
            Assert.Equal(Secret, key.Secret);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Palisade.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    private static PublishPacket Decode(SignedPublishEncoder encoder, int level, long clock, ushort packetId)
    {
        var bytes = new byte[encoder.MaxLength];
        var length = encoder.Write(bytes, clock, packetId);
        var sequence = new ReadOnlySequence<byte>(bytes, 0, length);
        var options = new MqttDecoderOptions(level == 5 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311, 0, IsServer: true);
        var result = MqttPacketReader.TryRead(ref sequence, options, out var packet);
        Assert.Equal(DecodeStatus.Packet, result.Status);
        Assert.True(sequence.IsEmpty);
        return Assert.IsType<PublishPacket>(packet);
    }

    // docs/admission.md: "palisade-envelope-v1" 0x00, u8 K, kid, u16 topic length, topic, u64 seq, i64 ts, u32 body length, body.
    private static byte[] ExpectedTag(string topic, string kid, ulong sequence, long timestamp, byte[] body)
    {
        using var covered = new MemoryStream();
        covered.Write("palisade-envelope-v1"u8);
        covered.WriteByte(0);
        covered.WriteByte((byte)kid.Length);
        covered.Write(Encoding.ASCII.GetBytes(kid));
        var topicBytes = Encoding.UTF8.GetBytes(topic);
        var buffer = new byte[8];
        BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)topicBytes.Length);
        covered.Write(buffer, 0, 2);
        covered.Write(topicBytes);
        BinaryPrimitives.WriteUInt64BigEndian(buffer, sequence);
        covered.Write(buffer);
        BinaryPrimitives.WriteInt64BigEndian(buffer, timestamp);
        covered.Write(buffer);
        BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)body.Length);
        covered.Write(buffer, 0, 4);
        covered.Write(body);
        return HMACSHA256.HashData(Secret, covered.ToArray());
    }
}
