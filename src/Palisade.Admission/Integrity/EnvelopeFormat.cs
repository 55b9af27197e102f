using System.Buffers.Binary;
using System.Text;

namespace Palisade.Admission.Integrity;

/// <summary>
/// The wire facts of the integrity envelope, version 1 (docs/admission.md, "The integrity envelope"), and the one
/// piece of code that builds the bytes a tag covers — shared by the verifier (<see cref="IntegrityStage"/>) and the
/// writer (<see cref="EnvelopeSigner"/>) so the two sides cannot drift apart.
/// </summary>
public static class EnvelopeFormat
{
    /// <summary>MQTT 5.0 user property holding the key id.</summary>
    public const string KeyIdProperty = "pal-kid";

    /// <summary>MQTT 5.0 user property holding the sequence number (decimal).</summary>
    public const string SequenceProperty = "pal-seq";

    /// <summary>MQTT 5.0 user property holding the device timestamp (Unix milliseconds, decimal).</summary>
    public const string TimestampProperty = "pal-ts";

    /// <summary>MQTT 5.0 user property holding the tag (base64url, no padding).</summary>
    public const string TagProperty = "pal-tag";

    /// <summary>Longest key id (characters, ASCII).</summary>
    public const int MaxKeyIdLength = 64;

    /// <summary>Largest tag of any algorithm (Ed25519, ECDSA P-256).</summary>
    public const int MaxTagLength = 64;

    /// <summary>Largest timestamp accepted: 9999-12-31T23:59:59.999Z (what <see cref="DateTimeOffset"/> can hold).</summary>
    public const long MaxTimestamp = 253_402_300_799_999;

    /// <summary>Compact prefix: magic "PE" and version 1.</summary>
    internal const byte Magic0 = 0x50;
    internal const byte Magic1 = 0x45;
    internal const byte Version = 0x01;

    /// <summary>Prefix bytes besides the kid and the tag: magic 2 + version 1 + K 1 + seq 8 + ts 8 + T 1.</summary>
    internal const int PrefixFixedLength = 21;

    /// <summary>"palisade-envelope-v1" followed by 0x00: domain separation, so a tag can never be valid for another protocol.</summary>
    internal static ReadOnlySpan<byte> Domain => "palisade-envelope-v1\0"u8;

    /// <summary>Tag inputs up to this size are built on the stack; larger ones in a pooled array.</summary>
    internal const int StackLimit = 512;

    /// <summary>Length of the compact prefix for a key id of <paramref name="keyIdLength"/> characters and a tag of <paramref name="tagLength"/> bytes.</summary>
    public static int PrefixLength(int keyIdLength, int tagLength) => PrefixFixedLength + keyIdLength + tagLength;

    /// <summary>True when <paramref name="keyId"/> is a valid key id: 1–64 characters of [A-Za-z0-9._-].</summary>
    public static bool IsValidKeyId(ReadOnlySpan<char> keyId)
    {
        if (keyId.IsEmpty || keyId.Length > MaxKeyIdLength)
        {
            return false;
        }

        foreach (var c in keyId)
        {
            if (!IsKeyIdChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Same rule over the ASCII bytes of the compact prefix.</summary>
    internal static bool IsValidKeyId(ReadOnlySpan<byte> keyId)
    {
        if (keyId.IsEmpty || keyId.Length > MaxKeyIdLength)
        {
            return false;
        }

        foreach (var b in keyId)
        {
            if (!IsKeyIdChar((char)b))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsKeyIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';

    /// <summary>Size of the tag input for a key id of K characters, a topic of this many UTF-8 bytes and a body.</summary>
    internal static int TagInputLength(int keyIdLength, int topicByteCount, int bodyLength) =>
        checked(Domain.Length + 1 + keyIdLength + 2 + topicByteCount + 8 + 8 + 4 + bodyLength);

    /// <summary>
    /// Writes the bytes the tag covers into <paramref name="destination"/> (exactly <see cref="TagInputLength"/>
    /// bytes): domain ‖ u8 K ‖ kid ‖ u16 topic length ‖ topic ‖ u64 seq ‖ i64 ts ‖ u32 body length ‖ body.
    /// The key id must be valid (ASCII) and the topic at most 65,535 UTF-8 bytes.
    /// </summary>
    internal static int WriteTagInput(Span<byte> destination, ReadOnlySpan<char> keyId, string topic, ulong sequence, long timestamp, ReadOnlySpan<byte> body)
    {
        var d = destination;
        Domain.CopyTo(d);
        var at = Domain.Length;
        d[at++] = (byte)keyId.Length;
        at += Encoding.ASCII.GetBytes(keyId, d[at..]);
        var topicBytes = Encoding.UTF8.GetBytes(topic, d[(at + 2)..]);
        BinaryPrimitives.WriteUInt16BigEndian(d[at..], checked((ushort)topicBytes));
        at += 2 + topicBytes;
        BinaryPrimitives.WriteUInt64BigEndian(d[at..], sequence);
        at += 8;
        BinaryPrimitives.WriteInt64BigEndian(d[at..], timestamp);
        at += 8;
        BinaryPrimitives.WriteUInt32BigEndian(d[at..], (uint)body.Length);
        at += 4;
        body.CopyTo(d[at..]);
        return at + body.Length;
    }
}
