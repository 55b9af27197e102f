using System.Buffers.Binary;
using System.Globalization;
using Palisade.Mqtt.Packets;

namespace Palisade.Infrastructure.Telemetry;

/// <summary>
/// Reads only the sequence number of an integrity envelope (docs/admission.md), for the store's dedupe key: a resend
/// of the same enveloped message (same device and sequence) is stored once. Verification is the admission's job;
/// a device can only collide with its own sequence numbers, so an unverified envelope cannot hide another's message.
/// </summary>
internal static class EnvelopeSequence
{
    private const string SequenceProperty = "pal-seq";

    /// <summary>The sequence as its signed 64-bit pattern (u64 values above 2^63−1 become negative; equality is what matters).</summary>
    public static long? Read(PublishPacket message)
    {
        var properties = message.UserProperties;
        for (var i = 0; i < properties.Count; i++)
        {
            if (string.Equals(properties[i].Name, SequenceProperty, StringComparison.Ordinal))
            {
                return ulong.TryParse(properties[i].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value != 0
                    ? unchecked((long)value)
                    : null;
            }
        }

        return ReadPrefix(message.Payload.Span);
    }

    /// <summary>The compact binary prefix: "PE", version 1, kid length K (1..64), kid, sequence (u64 BE), timestamp, tag length, tag.</summary>
    private static long? ReadPrefix(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 4 || payload[0] != 0x50 || payload[1] != 0x45 || payload[2] != 0x01)
        {
            return null;
        }

        int kidLength = payload[3];
        if (kidLength is < 1 or > 64 || payload.Length < 21 + kidLength)
        {
            return null;
        }

        int tagLength = payload[20 + kidLength];
        if (payload.Length < 21 + kidLength + tagLength)
        {
            return null;
        }

        var sequence = BinaryPrimitives.ReadUInt64BigEndian(payload.Slice(4 + kidLength, 8));
        return sequence == 0 ? null : unchecked((long)sequence);
    }
}
