using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Palisade.Mqtt.Codec;
using Palisade.Mqtt.Packets;
using static Palisade.Mqtt.Tests.Codec.CodecTestHelpers;

namespace Palisade.Mqtt.Tests.Codec;

/// <summary>FsCheck properties: generated packets round-trip; hostile bytes never throw or over-consume.</summary>
public sealed class CodecPropertyTests
{
    private static readonly MqttDecoderOptions[] AllOptions =
    [
        Server(null), Server(MqttProtocolVersion.V311), Server(MqttProtocolVersion.V500),
        Client(MqttProtocolVersion.V311), Client(MqttProtocolVersion.V500),
        Server(MqttProtocolVersion.V500, maximumPacketSize: 64),
    ];

    [Property(Arbitrary = [typeof(PacketGenerators)], MaxTest = 400)]
    public void Generated_packets_round_trip_field_by_field(GeneratedPacket generated)
    {
        byte[] bytes = Encode(generated.Packet, generated.Version);

        MqttPacket decoded = DecodeOk(bytes, ReceiverOf(generated.Packet, generated.Version));

        Assert.Equal(Describe(generated.Packet), Describe(decoded));
        Assert.Equal(bytes, Encode(decoded, generated.Version));
    }

    [Property(Arbitrary = [typeof(PacketGenerators)], MaxTest = 200)]
    public void Generated_packets_decode_identically_when_split_into_segments(GeneratedPacket generated, PositiveInt a, PositiveInt b)
    {
        byte[] bytes = Encode(generated.Packet, generated.Version);
        int[] cuts = new[] { a.Get % bytes.Length, b.Get % bytes.Length }.Where(c => c > 0).Distinct().Order().ToArray();
        ReadOnlySequence<byte> sequence = Segmented(bytes, cuts);

        DecodeResult result = MqttPacketReader.TryRead(ref sequence, ReceiverOf(generated.Packet, generated.Version), out MqttPacket? decoded);

        Assert.Equal(DecodeStatus.Packet, result.Status);
        Assert.Equal(0, sequence.Length);
        Assert.Equal(Describe(generated.Packet), Describe(decoded));
    }

    [Property(MaxTest = 2000)]
    public void Arbitrary_bytes_never_throw_and_never_over_consume(byte[] bytes, byte first)
    {
        // Half the inputs get a plausible first byte so the body decoders are reached, not only the header check.
        byte[] input = bytes.Length > 0 && (first & 1) == 0 ? [first, .. bytes] : bytes;
        foreach (MqttDecoderOptions options in AllOptions)
        {
            AssertTotal(input, options, segmentedAt: input.Length / 2);
        }
    }

    [Property(Arbitrary = [typeof(PacketGenerators)], MaxTest = 500)]
    public void Mutated_valid_packets_never_throw_and_never_over_consume(GeneratedPacket generated, PositiveInt position, byte value, byte operation)
    {
        byte[] bytes = Encode(generated.Packet, generated.Version);
        int at = position.Get % bytes.Length;
        byte[] mutated = (operation % 4) switch
        {
            0 => Replace(bytes, at, value),
            1 => [.. bytes[..at], value, .. bytes[at..]],
            2 => [.. bytes[..at], .. bytes[(at + 1)..]],
            _ => Replace(Replace(bytes, at, (byte)(bytes[at] ^ (1 << (value % 8)))), 0, bytes[0]),
        };

        AssertTotal(mutated, ReceiverOf(generated.Packet, generated.Version), segmentedAt: at);
        AssertTotal(mutated, Server(generated.Version), segmentedAt: 1);
    }

    private static byte[] Replace(byte[] bytes, int at, byte value)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[at] = value;
        return copy;
    }

    /// <summary>Decoding never throws, consumes at most the input, and anything it accepts is canonical: re-encoding
    /// and decoding again yields the same fields (so the writer can express whatever the reader lets in).</summary>
    private static void AssertTotal(byte[] input, MqttDecoderOptions options, int segmentedAt)
    {
        var whole = new ReadOnlySequence<byte>(input);
        DecodeResult result = MqttPacketReader.TryRead(ref whole, options, out MqttPacket? packet);
        long consumed = input.Length - whole.Length;
        Assert.InRange(consumed, 0, input.Length);
        if (result.Status != DecodeStatus.Packet)
        {
            Assert.Equal(0, consumed);
            if (result.Status == DecodeStatus.Invalid)
            {
                Assert.NotEqual(ReasonCode.Success, result.Reason);
                Assert.False(string.IsNullOrEmpty(result.Detail));
            }

            return;
        }

        Assert.True(consumed > 0);
        Assert.NotNull(packet);
        MqttProtocolVersion version = options.ProtocolVersion ?? ((ConnectPacket)packet).ProtocolVersion;
        byte[] again = Encode(packet, version);
        Assert.Equal(Describe(packet), Describe(DecodeOk(again, options)));

        // The same bytes split in two decode to the same packet.
        if (segmentedAt > 0 && segmentedAt < input.Length)
        {
            ReadOnlySequence<byte> split = Segmented(input, segmentedAt);
            Assert.Equal(DecodeStatus.Packet, MqttPacketReader.TryRead(ref split, options, out MqttPacket? splitPacket).Status);
            Assert.Equal(input.Length - consumed, split.Length);
            Assert.Equal(Describe(packet), Describe(splitPacket));
        }
    }
}
