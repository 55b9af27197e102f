using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Palisade.Infrastructure.Audit;

/// <summary>
/// The canonical encoding that the hash chain and the checkpoint signatures cover. Version-tagged, every field
/// length-prefixed (so no two different records encode alike), null distinct from empty:
/// <code>
/// record hash = SHA-256( "palisade-audit/1" || u64be(seq) || prev_hash[32] || f(time) || f(actor) || f(action)
///                        || f(target) || f(outcome) || f(reason) || f(source) || f(node) )
///   f(s) = u32be(len(utf8(s))) || utf8(s);  f(null) = 0xFFFFFFFF
/// checkpoint signature = ECDSA-P256-SHA256( "palisade-audit-checkpoint/1" || u64be(seq) || hash[32] || f(time) || f(node) || f(key_id) )
/// </code>
/// The first record's previous hash is 32 zero bytes.
/// </summary>
internal static class AuditChain
{
    public const int HashLength = 32;
    public static readonly byte[] GenesisHash = new byte[HashLength];
    private static readonly byte[] RecordTag = "palisade-audit/1"u8.ToArray();
    private static readonly byte[] CheckpointTag = "palisade-audit-checkpoint/1"u8.ToArray();

    /// <summary>Times are stored and hashed as this exact text, so what is read back hashes the same.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    public static byte[] ComputeHash(long seq, ReadOnlySpan<byte> previousHash, string time, string actor, string action, string target,
        string outcome, string? reason, string? source, string node)
    {
        using var buffer = new MemoryStream(256);
        buffer.Write(RecordTag);
        WriteUInt64(buffer, (ulong)seq);
        buffer.Write(previousHash);
        foreach (var field in new[] { time, actor, action, target, outcome, reason, source, node })
        {
            WriteField(buffer, field);
        }

        return SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    public static byte[] ComputeHash(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ComputeHash(record.Seq, record.PreviousHash, record.TimeUtc, record.Actor, record.Action, record.Target,
            record.Outcome, record.Reason, record.SourceAddress, record.Node);
    }

    public static byte[] CheckpointPayload(long seq, ReadOnlySpan<byte> hash, string time, string node, string keyId)
    {
        using var buffer = new MemoryStream(128);
        buffer.Write(CheckpointTag);
        WriteUInt64(buffer, (ulong)seq);
        buffer.Write(hash);
        WriteField(buffer, time);
        WriteField(buffer, node);
        WriteField(buffer, keyId);
        return buffer.ToArray();
    }

    private static void WriteUInt64(MemoryStream buffer, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        buffer.Write(bytes);
    }

    private static void WriteField(MemoryStream buffer, string? value)
    {
        Span<byte> length = stackalloc byte[4];
        if (value is null)
        {
            BinaryPrimitives.WriteUInt32BigEndian(length, uint.MaxValue);
            buffer.Write(length);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
        buffer.Write(length);
        buffer.Write(bytes);
    }
}
