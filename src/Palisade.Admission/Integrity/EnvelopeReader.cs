using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using Palisade.Mqtt.Packets;

namespace Palisade.Admission.Integrity;

/// <summary>What reading an envelope found: none, one that cannot be read, or a well-formed one (tag not yet checked).</summary>
internal enum EnvelopeReadStatus
{
    Absent,
    Malformed,
    Present,
}

/// <summary>The fields of a compact prefix, as offsets into the payload (nothing copied).</summary>
internal readonly record struct PrefixEnvelope(int KeyIdLength, ulong Sequence, long Timestamp, int TagOffset, int TagLength, int BodyOffset)
{
    public const int KeyIdOffset = 4;
}

/// <summary>
/// Reads envelope version 1 from MQTT 5.0 user properties or from the compact binary prefix. Never throws on any
/// input: every defect is <see cref="EnvelopeReadStatus.Malformed"/>. Checks form only; the tag is checked by the
/// stage with the device's key.
/// </summary>
internal static class EnvelopeReader
{
    /// <summary>
    /// Reads the four <c>pal-*</c> user properties. Absent when none of them is there; malformed when only some are,
    /// when one appears twice, or when a value breaks its rule. The tag is decoded into <paramref name="tag"/>
    /// (at least <see cref="EnvelopeFormat.MaxTagLength"/> bytes).
    /// </summary>
    public static EnvelopeReadStatus ReadProperties(IReadOnlyList<UserProperty> properties, Span<byte> tag, out string keyId, out ulong sequence, out long timestamp, out int tagLength)
    {
        keyId = "";
        sequence = 0;
        timestamp = 0;
        tagLength = 0;
        string? kid = null, seq = null, ts = null, tagText = null;
        var duplicate = false;
        for (var i = 0; i < properties.Count; i++)
        {
            var p = properties[i];
            if (p.Name is null || !p.Name.StartsWith("pal-", StringComparison.Ordinal))
            {
                continue;
            }

            switch (p.Name)
            {
                case EnvelopeFormat.KeyIdProperty:
                    duplicate |= kid is not null;
                    kid = p.Value ?? "";
                    break;
                case EnvelopeFormat.SequenceProperty:
                    duplicate |= seq is not null;
                    seq = p.Value ?? "";
                    break;
                case EnvelopeFormat.TimestampProperty:
                    duplicate |= ts is not null;
                    ts = p.Value ?? "";
                    break;
                case EnvelopeFormat.TagProperty:
                    duplicate |= tagText is not null;
                    tagText = p.Value ?? "";
                    break;
                default:
                    break;
            }
        }

        if (kid is null && seq is null && ts is null && tagText is null)
        {
            return EnvelopeReadStatus.Absent;
        }

        if (duplicate || kid is null || seq is null || ts is null || tagText is null
            || !EnvelopeFormat.IsValidKeyId(kid)
            || !TryParseDecimal(seq, out sequence) || sequence == 0
            || !TryParseDecimal(ts, out var unsignedTs) || unsignedTs > EnvelopeFormat.MaxTimestamp
            || !TryDecodeTag(tagText, tag, out tagLength))
        {
            sequence = 0;
            return EnvelopeReadStatus.Malformed;
        }

        keyId = kid;
        timestamp = (long)unsignedTs;
        return EnvelopeReadStatus.Present;
    }

    /// <summary>
    /// Reads the compact prefix. Absent unless the payload starts with "PE" 0x01 (so ordinary payloads, including text
    /// beginning with "PE", are never taken for an envelope); malformed when it starts so but does not hold a whole,
    /// valid prefix.
    /// </summary>
    public static EnvelopeReadStatus ReadPrefix(ReadOnlySpan<byte> payload, out PrefixEnvelope envelope)
    {
        envelope = default;
        if (payload.Length < 3 || payload[0] != EnvelopeFormat.Magic0 || payload[1] != EnvelopeFormat.Magic1 || payload[2] != EnvelopeFormat.Version)
        {
            return EnvelopeReadStatus.Absent;
        }

        if (payload.Length < 4)
        {
            return EnvelopeReadStatus.Malformed;
        }

        int k = payload[3];
        if (k is < 1 or > EnvelopeFormat.MaxKeyIdLength || payload.Length < EnvelopeFormat.PrefixFixedLength + k)
        {
            return EnvelopeReadStatus.Malformed;
        }

        if (!EnvelopeFormat.IsValidKeyId(payload.Slice(PrefixEnvelope.KeyIdOffset, k)))
        {
            return EnvelopeReadStatus.Malformed;
        }

        var sequence = BinaryPrimitives.ReadUInt64BigEndian(payload[(4 + k)..]);
        var timestamp = BinaryPrimitives.ReadInt64BigEndian(payload[(12 + k)..]);
        int t = payload[20 + k];
        if (sequence == 0 || timestamp is < 0 or > EnvelopeFormat.MaxTimestamp || t is not (32 or 64) || payload.Length < EnvelopeFormat.PrefixFixedLength + k + t)
        {
            return EnvelopeReadStatus.Malformed;
        }

        envelope = new PrefixEnvelope(k, sequence, timestamp, 21 + k, t, 21 + k + t);
        return EnvelopeReadStatus.Present;
    }

    /// <summary>Decimal digits only (no sign, no white space, leading zeros allowed), within <see cref="ulong"/>.</summary>
    private static bool TryParseDecimal(string text, out ulong value) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>base64url without padding, exactly 43 characters (32 bytes) or 86 (64 bytes), nothing else.</summary>
    private static bool TryDecodeTag(string text, Span<byte> tag, out int length)
    {
        length = 0;
        if (text.Length is not (43 or 86))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return Base64Url.TryDecodeFromChars(text, tag, out length) && length == (text.Length == 43 ? 32 : 64);
    }
}
